package com.microdrama.storeemulator.play;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google service accounts as far as a server using one needs: keys handed out as the console's JSON key file, the
 * JWT-bearer grant at {@code /token} that trades a signed assertion for an access token, and the check of that
 * token on API calls.
 */
@ApplicationScoped
public class ServiceAccounts {

    static final String PUBLISHER_SCOPE = "https://www.googleapis.com/auth/androidpublisher";
    static final String DEFAULT_EMAIL = "play-api@local-project.iam.gserviceaccount.com";
    static final String PROJECT = "local-project";
    static final long TOKEN_SECONDS = 3599;
    /** Google refuses assertions that live longer than an hour or are dated in the future beyond a little skew. */
    private static final long MAX_ASSERTION_SECONDS = 3600;
    private static final long SKEW_SECONDS = 300;
    /**
     * Google's client libraries address the assertion to Google's token URL whatever token_uri the key file names,
     * and Google accepts these; the emulator does too, besides its own token URL.
     */
    private static final Set<String> GOOGLE_TOKEN_AUDIENCES = Set.of("https://oauth2.googleapis.com/token",
            "https://www.googleapis.com/oauth2/v4/token", "https://accounts.google.com/o/oauth2/token");
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** A key of an account; several keys may belong to one account, as in the console. */
    record AccountKey(String keyId, String email, String clientId, String tokenUri, PublicKey publicKey) {
    }

    record AccessToken(String email, String scope, Instant expires) {
    }

    /** Why a grant was refused: Google's OAuth error code and description. */
    static final class GrantError extends RuntimeException {
        final String error;

        GrantError(String error, String description) {
            super(description);
            this.error = error;
        }
    }

    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AccountKey> keys = new ConcurrentHashMap<>();
    private final Map<String, String> clientIds = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();

    /** A new key of the account (made on first use), as the JSON key file Google's console downloads. */
    Map<String, Object> newKey(String email, String tokenUri) {
        KeyPair pair = GoogleSigningKeys.rsa();
        String keyId = GoogleSigningKeys.randomHex(20);
        String clientId = clientId(email);
        keys.put(keyId, new AccountKey(keyId, email, clientId, tokenUri, pair.getPublic()));
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "service_account");
        json.put("project_id", PROJECT);
        json.put("private_key_id", keyId);
        json.put("private_key", pem);
        json.put("client_email", email);
        json.put("client_id", clientId);
        json.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        json.put("token_uri", tokenUri);
        json.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
        json.put("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/" + URLEncoder.encode(email, StandardCharsets.UTF_8));
        json.put("universe_domain", "googleapis.com");
        return json;
    }

    /**
     * The JWT-bearer grant: the assertion must be signed by a key of the account named in {@code iss}, addressed to
     * the token URL ({@code aud}), current, and ask for a scope.
     */
    Map<String, Object> grant(String grantType, String assertion, String tokenUri) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(grantType)) {
            throw new GrantError("unsupported_grant_type", "Invalid grant_type: " + grantType);
        }
        Jwt.Parsed jwt = Jwt.parse(assertion).orElseThrow(() -> new GrantError("invalid_grant", "Invalid JWT: malformed assertion."));
        if (!"RS256".equals(jwt.header().path("alg").asText())) {
            throw new GrantError("invalid_grant", "Invalid JWT: alg must be RS256.");
        }
        String email = jwt.claims().path("iss").asText();
        Optional<AccountKey> key = signingKey(jwt, email);
        if (key.isEmpty()) {
            throw new GrantError("invalid_grant", "Invalid JWT Signature.");
        }
        String aud = jwt.claims().path("aud").asText();
        if (!aud.equals(key.get().tokenUri()) && !aud.equals(tokenUri) && !GOOGLE_TOKEN_AUDIENCES.contains(aud)) {
            throw new GrantError("invalid_grant", "Invalid JWT: Failed audience check. The right audience is " + tokenUri);
        }
        long now = clock.instant().getEpochSecond();
        long iat = jwt.claims().path("iat").asLong(0);
        long exp = jwt.claims().path("exp").asLong(0);
        if (exp <= now || iat > now + SKEW_SECONDS || exp - iat > MAX_ASSERTION_SECONDS) {
            throw new GrantError("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                    + "reasonable timeframe. Check your iat and exp values in the JWT claim.");
        }
        String scope = jwt.claims().path("scope").asText("");
        if (scope.isBlank()) {
            throw new GrantError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }
        String token = "ya29.c." + randomToken(120);
        tokens.put(token, new AccessToken(email, scope, clock.instant().plusSeconds(TOKEN_SECONDS)));
        return Map.of("access_token", token, "expires_in", TOKEN_SECONDS, "token_type", "Bearer");
    }

    /** Checks an API call's {@code Authorization} header as Google does: a live token carrying the scope. */
    void authorize(String authorization, String requiredScope) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw GoogleApiError.unauthenticated("Request is missing required authentication credential. Expected OAuth 2 "
                    + "access token, login cookie or other valid authentication credential.");
        }
        AccessToken token = tokens.get(authorization.substring(7).trim());
        if (token == null || !token.expires().isAfter(clock.instant())) {
            throw GoogleApiError.unauthenticated("Request had invalid authentication credentials. Expected OAuth 2 access "
                    + "token, login cookie or other valid authentication credential.");
        }
        if (!Arrays.asList(token.scope().split(" ")).contains(requiredScope)) {
            throw GoogleApiError.permissionDenied("Request had insufficient authentication scopes.");
        }
    }

    /** The account's numeric unique id (the {@code client_id} of its keys, the {@code sub} of its ID tokens). */
    String clientId(String email) {
        return clientIds.computeIfAbsent(email, e -> numericId());
    }

    private Optional<AccountKey> signingKey(Jwt.Parsed jwt, String email) {
        JsonNode kid = jwt.header().get("kid");
        return keys.values().stream()
                .filter(k -> k.email().equals(email))
                .filter(k -> kid == null || k.keyId().equals(kid.asText()))
                .filter(k -> jwt.signedBy(k.publicKey()))
                .findFirst();
    }

    private String numericId() {
        StringBuilder id = new StringBuilder().append(1 + random.nextInt(9));
        for (int i = 0; i < 20; i++) {
            id.append(random.nextInt(10));
        }
        return id.toString();
    }

    String randomToken(int length) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        }
        return token.toString();
    }
}
