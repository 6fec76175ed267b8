package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer's age comes from the {@code birthdate} claim alone, so the account behind it must hold: against the
 * real Keycloak (realm microdrama with the {@code microdrama-birthdate-set-once} validator of keycloak-extensions),
 * a viewer sets the birthdate once, at registration or when none is stored, and can never change or clear it through
 * Keycloak's account API; an administrator can, and the admin events record it. Prints {@code negative cases tried: N}.
 */
class AccountIntegrityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TRIED = new AtomicInteger();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final String TWELVE_YEARS_AGO = TODAY.minusYears(12).toString();
    private static final String ADULT = TODAY.minusYears(30).toString();
    private static final String ACCOUNT = Platform.realmUrl() + "/account";

    @AfterAll
    static void report() {
        System.out.println("AccountIntegrityIT negative cases tried: " + TRIED.get());
    }

    @Test
    void aTwelveYearOldCannotChangeOrClearTheirBirthdateThroughTheAccountApi() {
        String username = newUser(Map.of("birthdate", TWELVE_YEARS_AGO));
        String token = KeycloakTokens.userToken(username, username);
        assertEquals(TWELVE_YEARS_AGO, claim(token, "birthdate"));

        assertRefused(token, withBirthdate(account(token), ADULT), "birthdate-already-set");
        assertRefused(token, withBirthdate(account(token), ""), "birthdate-already-set");
        ObjectNode withoutBirthdate = account(token);
        ((ObjectNode) withoutBirthdate.path("attributes")).remove("birthdate");
        assertRefused(token, withoutBirthdate, "birthdate-already-set");

        // The same token may edit the rest of the profile: the refusals above are the birthdate rule, not a 403.
        ObjectNode renamed = account(token);
        renamed.put("firstName", "Renamed");
        assertEquals(204, updateAccount(token, renamed).statusCode());

        String next = KeycloakTokens.userToken(username, username);
        assertEquals(TWELVE_YEARS_AGO, claim(next, "birthdate"), "the next token still carries the original birthdate");
        assertEquals("Renamed", claim(next, "given_name"));
    }

    @Test
    void aViewerWithoutABirthdateSetsAPlausibleOneOnceAndThenItSticks() {
        String username = newUser(Map.of());
        String token = KeycloakTokens.userToken(username, username);

        assertRefused(token, withBirthdate(account(token), TODAY.plusYears(1).toString()), "birthdate-in-the-future");
        assertRefused(token, withBirthdate(account(token), TODAY.minusYears(121).toString()), "birthdate-too-long-ago");
        assertEquals(204, updateAccount(token, withBirthdate(account(token), TWELVE_YEARS_AGO)).statusCode());
        assertRefused(token, withBirthdate(account(token), ADULT), "birthdate-already-set");

        assertEquals(TWELVE_YEARS_AGO, claim(KeycloakTokens.userToken(username, username), "birthdate"));
    }

    @Test
    void anAdministratorChangesABirthdateAndTheAdminEventsRecordIt() {
        String username = newUser(Map.of("birthdate", TWELVE_YEARS_AGO));
        String userId = KeycloakTokens.subject(KeycloakTokens.userToken(username, username));
        String admin = KeycloakTestClients.masterAdminToken();
        String user = Platform.keycloakUrl() + "/admin/realms/microdrama/users/" + userId;

        ObjectNode representation = (ObjectNode) KeycloakTestClients.read(KeycloakTestClients.send(
                HttpRequest.newBuilder(URI.create(user)).header("Authorization", "Bearer " + admin).GET()).body());
        HttpResponse<String> updated = KeycloakTestClients.send(HttpRequest.newBuilder(URI.create(user))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(withBirthdate(representation, ADULT)))));
        assertEquals(204, updated.statusCode(), updated.body());
        assertEquals(ADULT, claim(KeycloakTokens.userToken(username, username), "birthdate"));

        HttpResponse<String> events = KeycloakTestClients.send(HttpRequest.newBuilder(URI.create(
                        Platform.keycloakUrl() + "/admin/realms/microdrama/admin-events?operationTypes=UPDATE&resourcePath=users/" + userId))
                .header("Authorization", "Bearer " + admin).GET());
        assertEquals(200, events.statusCode(), events.body());
        boolean recorded = false;
        for (JsonNode event : KeycloakTestClients.read(events.body())) {
            JsonNode stored = KeycloakTestClients.read(event.path("representation").asText("{}"));
            recorded |= ADULT.equals(stored.path("attributes").path("birthdate").path(0).asText());
        }
        assertTrue(recorded, "an admin event with the new birthdate for users/" + userId + ": " + events.body());
    }

    @Test
    void aNewViewerRegistersWithABirthdateThroughTheRegistrationForm() {
        String username = "e2e-registered-" + UUID.randomUUID().toString().substring(0, 8);
        Registration form = Registration.open();
        assertTrue(form.page.contains("name=\"birthdate\""), "the registration form asks for the birthdate");

        HttpResponse<String> future = form.submit(username, TODAY.plusDays(2).toString());
        TRIED.incrementAndGet();
        assertEquals(200, future.statusCode(), "a birthdate in the future re-shows the form with the error");
        assertTrue(future.body().contains("birthdate-in-the-future"), future.body());

        HttpResponse<String> registered = Registration.open().submit(username, TWELVE_YEARS_AGO);
        assertEquals(302, registered.statusCode(), registered.body());
        String location = registered.headers().firstValue("Location").orElse("");
        assertTrue(location.startsWith(Registration.REDIRECT_URI) && location.contains("code="), location);

        assertEquals(TWELVE_YEARS_AGO, claim(KeycloakTokens.userToken(username, username), "birthdate"));
    }

    /**
     * Keycloak's registration page for the app client (authorization code flow with PKCE), as a browser sees it: the
     * page's cookies go back with the form (a plain jar: java.net.CookieManager drops Keycloak's session cookies).
     */
    private record Registration(Map<String, String> cookies, String page) {
        static final String REDIRECT_URI = "http://127.0.0.1:3000/callback";
        private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

        static Registration open() {
            Map<String, String> cookies = new LinkedHashMap<>();
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            String url = Platform.realmUrl() + "/protocol/openid-connect/registrations?" + KeycloakTestClients.form(Map.of(
                    "client_id", "app", "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT_URI,
                    "code_challenge", s256(verifier), "code_challenge_method", "S256"));
            HttpResponse<String> page = send(cookies, HttpRequest.newBuilder(URI.create(url)).GET());
            assertEquals(200, page.statusCode(), "registration page: " + page.body());
            return new Registration(cookies, page.body());
        }

        HttpResponse<String> submit(String username, String birthdate) {
            Matcher action = ACTION.matcher(page);
            assertTrue(action.find(), "a form on the registration page");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("username", username);
            fields.put("email", username + "@viewers.microdrama.example");
            fields.put("firstName", "Registered");
            fields.put("lastName", "Viewer");
            fields.put("password", username);
            fields.put("password-confirm", username);
            fields.put("birthdate", birthdate);
            return send(cookies, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(KeycloakTestClients.form(fields))));
        }

        private static HttpResponse<String> send(Map<String, String> cookies, HttpRequest.Builder request) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                        .collect(Collectors.joining("; ")));
            }
            try {
                HttpResponse<String> response = BROWSER.send(request.timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (String cookie : response.headers().allValues("Set-Cookie")) {
                    String pair = cookie.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
                return response;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String s256(String verifier) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String newUser(Map<String, String> attributes) {
        String username = "e2e-account-" + UUID.randomUUID().toString().substring(0, 8);
        KeycloakUsers.createUser(username, username, attributes);
        return username;
    }

    /** The viewer's own profile, as the account console reads it. */
    private static ObjectNode account(String token) {
        HttpResponse<String> response = KeycloakTestClients.send(HttpRequest.newBuilder(URI.create(ACCOUNT))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET());
        assertEquals(200, response.statusCode(), "account API: " + response.body());
        ObjectNode profile = (ObjectNode) KeycloakTestClients.read(response.body());
        if (!profile.path("attributes").isObject()) {
            profile.putObject("attributes");
        }
        return profile;
    }

    private static HttpResponse<String> updateAccount(String token, ObjectNode profile) {
        return KeycloakTestClients.send(HttpRequest.newBuilder(URI.create(ACCOUNT))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(profile))));
    }

    private static void assertRefused(String token, ObjectNode profile, String message) {
        TRIED.incrementAndGet();
        HttpResponse<String> response = updateAccount(token, profile);
        assertEquals(400, response.statusCode(), "account update refused: " + response.body());
        JsonNode error = KeycloakTestClients.read(response.body());
        assertEquals("birthdate", error.path("field").asText(), response.body());
        assertEquals(message, error.path("errorMessage").asText(), response.body());
    }

    private static ObjectNode withBirthdate(ObjectNode profile, String birthdate) {
        ObjectNode attributes = profile.path("attributes").isObject() ? (ObjectNode) profile.path("attributes")
                : profile.putObject("attributes");
        attributes.set("birthdate", JSON.valueToTree(List.of(birthdate)));
        return profile;
    }

    private static String claim(String token, String name) {
        JsonNode claims = KeycloakTestClients.read(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8));
        return claims.path(name).asText(null);
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
