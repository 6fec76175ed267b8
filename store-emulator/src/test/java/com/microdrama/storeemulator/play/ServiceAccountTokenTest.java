package com.microdrama.storeemulator.play;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key file and the JWT-bearer grant, checked by hand-made assertions: good ones get a token, bad ones invalid_grant. */
@QuarkusTest
class ServiceAccountTokenTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void theKeyFileIsShapedLikeTheConsolesAndItsTokenUriIsTheEmulator() throws Exception {
        JsonNode key = PlayEmulator.JSON.readTree(PlayEmulator.control(base, "POST", "/_emulator/play/service-accounts",
                "{\"email\":\"payments@local-project.iam.gserviceaccount.com\"}").toString());
        assertEquals("service_account", key.get("type").asText());
        assertEquals("local-project", key.get("project_id").asText());
        assertEquals("payments@local-project.iam.gserviceaccount.com", key.get("client_email").asText());
        assertTrue(key.get("private_key").asText().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(key.get("client_id").asText().matches("\\d{21}"));
        assertTrue(key.get("private_key_id").asText().matches("[0-9a-f]{40}"));
        assertEquals(base.toString().replaceAll("/$", "") + "/token", key.get("token_uri").asText().replace("localhost", base.getHost()));
        assertTrue(key.has("auth_uri") && key.has("auth_provider_x509_cert_url") && key.has("client_x509_cert_url"));
    }

    @Test
    void goodAssertionsGetATokenAndBadOnesInvalidGrant() throws Exception {
        JsonNode key = PlayEmulator.control(base, "POST", "/_emulator/play/service-accounts", null);
        PrivateKey privateKey = privateKey(key.get("private_key").asText());
        String email = key.get("client_email").asText();
        String aud = key.get("token_uri").asText();
        long now = Instant.now().getEpochSecond();
        String scope = "https://www.googleapis.com/auth/androidpublisher";

        HttpResponse<String> good = grant(assertion(privateKey, key.get("private_key_id").asText(), email, aud, scope, now, now + 3600));
        assertEquals(200, good.statusCode(), good.body());
        JsonNode token = PlayEmulator.JSON.readTree(good.body());
        assertEquals(3599, token.get("expires_in").asInt());
        assertEquals("Bearer", token.get("token_type").asText());
        String accessToken = token.get("access_token").asText();

        PrivateKey stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        assertInvalidGrant(grant(assertion(stranger, null, email, aud, scope, now, now + 3600)));
        assertInvalidGrant(grant(assertion(privateKey, null, "nobody@local-project.iam.gserviceaccount.com", aud, scope, now, now + 3600)));
        assertInvalidGrant(grant(assertion(privateKey, null, email, aud, scope, now - 7200, now - 3600)));
        assertInvalidGrant(grant(assertion(privateKey, null, email, "https://elsewhere.example.com/token", scope, now, now + 3600)));

        // a token without the androidpublisher scope is refused by the API, as Google refuses it
        String other = PlayEmulator.JSON.readTree(grant(assertion(privateKey, null, email, aud,
                "https://www.googleapis.com/auth/cloud-platform", now, now + 3600)).body()).get("access_token").asText();
        String app = PlayEmulator.newPackage();
        PlayEmulator.inAppProduct(base, app, "coins_100");
        String path = "/androidpublisher/v3/applications/" + app + "/inappproducts/coins_100";
        assertEquals(200, get(path, accessToken).statusCode());
        HttpResponse<String> forbidden = get(path, other);
        assertEquals(403, forbidden.statusCode());
        assertEquals("PERMISSION_DENIED", PlayEmulator.JSON.readTree(forbidden.body()).at("/error/status").asText());
        assertEquals(401, get(path, "ya29.not-issued").statusCode());
    }

    private static void assertInvalidGrant(HttpResponse<String> response) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = PlayEmulator.JSON.readTree(response.body());
        assertEquals("invalid_grant", error.get("error").asText());
        assertTrue(error.get("error_description").asText().length() > 5);
    }

    private HttpResponse<String> grant(String assertion) throws Exception {
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + assertion;
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.toURI().resolve("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String accessToken) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String assertion(PrivateKey key, String keyId, String iss, String aud, String scope, long iat, long exp) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"" + (keyId == null ? "" : ",\"kid\":\"" + keyId + "\"") + "}";
        String claims = PlayEmulator.JSON.writeValueAsString(java.util.Map.of("iss", iss, "aud", aud, "scope", scope, "iat", iat, "exp", exp));
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(signer.sign());
    }

    private static PrivateKey privateKey(String pem) throws Exception {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
