package com.microdrama.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Derives forged JWTs from a real Keycloak access token: what an attacker can build without the realm's private key.
 * Every one of them must be refused by every service.
 */
final class ForgedTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private ForgedTokens() {
    }

    /** One character in the middle of the signature flipped (not the last one: its low bits may be padding). */
    static String tamperedSignature(String jwt) {
        String[] parts = jwt.split("\\.");
        char[] sig = parts[2].toCharArray();
        int i = sig.length / 2;
        sig[i] = sig[i] == 'A' ? 'B' : 'A';
        return parts[0] + "." + parts[1] + "." + new String(sig);
    }

    /** The payload changed (e.g. {@code sub} of another user), header and original signature kept. */
    static String tamperedPayload(String jwt, Consumer<ObjectNode> change) {
        String[] parts = jwt.split("\\.");
        return parts[0] + "." + encode(edit(parts[1], change)) + "." + parts[2];
    }

    /** {@code alg: none}, the changed payload and an empty signature. */
    static String unsigned(String jwt, Consumer<ObjectNode> change) {
        String[] parts = jwt.split("\\.");
        ObjectNode header = JSON.createObjectNode().put("alg", "none").put("typ", "JWT");
        return encode(header) + "." + encode(edit(parts[1], change)) + ".";
    }

    /** Re-signed with HS256 under a guessed secret (the classic RS256→HS256 confusion attempt). */
    static String hs256(String jwt, Consumer<ObjectNode> change, String secret) {
        String[] parts = jwt.split("\\.");
        ObjectNode header = claims(parts[0]);
        header.put("alg", "HS256");
        String signingInput = encode(header) + "." + encode(edit(parts[1], change));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded payload of a JWT. */
    static ObjectNode claims(String jwtOrPart) {
        String part = jwtOrPart.contains(".") ? jwtOrPart.split("\\.")[1] : jwtOrPart;
        try {
            return (ObjectNode) JSON.readTree(B64D.decode(part));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode edit(String payloadPart, Consumer<ObjectNode> change) {
        ObjectNode payload = claims(payloadPart);
        change.accept(payload);
        return payload;
    }

    private static String encode(ObjectNode node) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
