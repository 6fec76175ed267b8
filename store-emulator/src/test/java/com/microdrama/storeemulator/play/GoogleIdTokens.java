package com.microdrama.storeemulator.play;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * How a push receiver checks Pub/Sub's OIDC token: the RS256 signature against the key of the token's {@code kid}
 * in the JWKS at {@code /oauth2/v3/certs}, done with plain JDK crypto so the check does not lean on the emulator's code.
 */
final class GoogleIdTokens {

    record Token(JsonNode header, JsonNode claims, boolean signatureValid) {
    }

    private GoogleIdTokens() {
    }

    static Token read(URL base, String bearer) throws Exception {
        String[] parts = bearer.substring("Bearer ".length()).split("\\.");
        Base64.Decoder decoder = Base64.getUrlDecoder();
        JsonNode header = PlayEmulator.JSON.readTree(decoder.decode(parts[0]));
        JsonNode claims = PlayEmulator.JSON.readTree(decoder.decode(parts[1]));
        JsonNode jwks = PlayEmulator.control(base, "GET", "/oauth2/v3/certs", null);
        PublicKey key = null;
        for (JsonNode jwk : jwks.get("keys")) {
            if (jwk.get("kid").asText().equals(header.get("kid").asText())) {
                key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, decoder.decode(jwk.get("n").asText())), new BigInteger(1, decoder.decode(jwk.get("e").asText()))));
            }
        }
        if (key == null) {
            return new Token(header, claims, false);
        }
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return new Token(header, claims, verifier.verify(decoder.decode(parts[2])));
    }
}
