package com.microdrama.storeemulator.appstore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs App Store data as Apple does: compact JWS, header {@code {"alg":"ES256","x5c":[leaf, intermediate, root]}},
 * the signature in JOSE form (R||S, 64 bytes), which is what the JDK's P1363 format of ECDSA gives.
 */
@ApplicationScoped
public class JwsSigner {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final AppStoreCertificates certificates;

    public JwsSigner(AppStoreCertificates certificates) {
        this.certificates = certificates;
    }

    public String sign(Object payload, Signing signing) {
        SigningChain chain = certificates.chain(signing);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("x5c", chain.x5c());
        String input = URL.encodeToString(bytes(header)) + "." + URL.encodeToString(bytes(payload));
        try {
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(chain.key());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    /** The JSON of a payload as it is signed (nulls left out, as Apple leaves absent fields out). */
    public Map<String, Object> asMap(Object payload) {
        return json.convertValue(payload, json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
