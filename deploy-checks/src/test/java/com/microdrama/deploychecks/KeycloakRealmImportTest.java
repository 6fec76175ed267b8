package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.JsonDiff;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.RealmImportGenerator;
import com.microdrama.deploychecks.support.RealmImportGenerator.Generated;
import com.microdrama.deploychecks.support.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The realm of the Kubernetes deployment is deploy/keycloak/microdrama-realm.json, not a copy of it: the committed
 * KeycloakRealmImport and dev patch must be exactly what RealmImportGenerator makes of that file.
 * After editing the realm file: mvn ... -Dtest=KeycloakRealmImportTest -Dregenerate=true, and commit the result.
 */
class KeycloakRealmImportTest {

    @Test
    void committedRealmImportIsGeneratedFromTheRealmFile() {
        Generated generated = RealmImportGenerator.generateFromRepo();
        if (Boolean.getBoolean("regenerate")) {
            RealmImportGenerator.write(generated);
        }
        assertEquals(List.of(), JsonDiff.differences(generated.realmImport(), Yaml.read(RealmImportGenerator.baseFile())),
                "base/keycloak/realm-import.yaml drifted from deploy/keycloak/microdrama-realm.json: regenerate it");
        assertEquals(List.of(), JsonDiff.differences(generated.devPatch(), Yaml.read(RealmImportGenerator.devPatchFile())),
                "overlays/dev/realm-demo-users-patch.yaml drifted from the realm file: regenerate it");
    }

    @Test
    void devRealmIsTheRealmFileExceptSecretsPlaceholdersAndHardening() {
        JsonNode source = Yaml.read(RealmImportGenerator.sourceRealm());
        ObjectNode dev = Manifests.get(Manifests.overlay("dev"), "KeycloakRealmImport", "microdrama")
                .at("/spec/realm").deepCopy();
        // Undo exactly the documented differences, then nothing may be left.
        dev.set("sslRequired", source.get("sslRequired"));
        dev.set("bruteForceProtected", source.get("bruteForceProtected"));
        for (JsonNode client : dev.path("clients")) {
            if (client.has("secret")) {
                JsonNode original = findClient(source, client.path("clientId").asText());
                ((ObjectNode) client).set("secret", original.get("secret"));
            }
        }
        for (JsonNode user : dev.path("users")) {
            for (JsonNode credential : user.path("credentials")) {
                assertEquals("${" + RealmImportGenerator.demoPasswordPlaceholder(user.path("username").asText()) + "}",
                        credential.path("value").asText(), "dev demo users' passwords come from a Secret");
                ((ObjectNode) credential).set("value", findUser(source, user.path("username").asText())
                        .at("/credentials/0/value"));
            }
        }
        ObjectNode expected = source.deepCopy();
        sortUsers(dev);
        sortUsers(expected);
        assertEquals(List.of(), JsonDiff.differences(expected, dev));
    }

    @Test
    void productionRealmHasNoPasswordsNoPasswordGrantAndNoLiteralClientSecrets() {
        ObjectNode realmImport = Manifests.get(Manifests.overlay("prod"), "KeycloakRealmImport", "microdrama");
        JsonNode realm = realmImport.at("/spec/realm");
        for (JsonNode user : realm.path("users")) {
            assertFalse(user.has("credentials"), "user with a password in prod: " + user.path("username"));
            assertTrue(user.has("serviceAccountClientId"), "only service accounts in prod: " + user.path("username"));
        }
        for (JsonNode client : realm.path("clients")) {
            String id = client.path("clientId").asText();
            if (client.path("publicClient").asBoolean()) {
                assertFalse(client.path("directAccessGrantsEnabled").asBoolean(), id + " allows the password grant");
                client.path("redirectUris").forEach(uri -> assertFalse(uri.asText().contains("localhost")
                        || uri.asText().contains("127.0.0.1"), id + " redirects to " + uri));
            }
            if (client.has("secret")) {
                String placeholder = RealmImportGenerator.placeholderFor(id);
                assertEquals("${" + placeholder + "}", client.get("secret").asText(), id + " secret");
                assertEquals(id + "-oidc", realmImport.at("/spec/placeholders/" + placeholder + "/secret/name").asText());
            }
        }
        assertEquals("external", realm.path("sslRequired").asText());
    }

    @Test
    void catalogServiceUsesTheClientSecretTheRealmImportPutsIntoKeycloak() {
        for (String overlay : List.of("dev", "prod")) {
            List<ObjectNode> objects = Manifests.overlay(overlay);
            JsonNode placeholder = Manifests.get(objects, "KeycloakRealmImport", "microdrama")
                    .at("/spec/placeholders/" + RealmImportGenerator.placeholderFor("catalog-service") + "/secret");
            JsonNode env = null;
            for (JsonNode e : Manifests.get(objects, "Deployment", "catalog-service")
                    .at("/spec/template/spec/containers/0/env")) {
                if (e.path("name").asText().equals("CATALOG_CLIENT_SECRET")) {
                    env = e.at("/valueFrom/secretKeyRef");
                }
            }
            assertEquals(placeholder, env, overlay + ": CATALOG_CLIENT_SECRET and the realm import read one Secret");
        }
    }

    @Test
    void theRealmImportTargetsTheKeycloakOfTheSameRender() {
        for (String overlay : List.of("dev", "prod")) {
            List<ObjectNode> objects = Manifests.overlay(overlay);
            String target = Manifests.get(objects, "KeycloakRealmImport", "microdrama").at("/spec/keycloakCRName").asText();
            assertTrue(Manifests.find(objects, "Keycloak", target).isPresent(), overlay + ": no Keycloak " + target);
        }
    }

    @Test
    void aRealmThatUsesTheProjectsKeycloakExtensionRunsOnTheKeycloakImageThatHasIt() throws IOException {
        boolean usesExtension = Files.readString(RealmImportGenerator.sourceRealm()).contains("microdrama-birthdate-set-once");
        for (String overlay : List.of("dev", "prod")) {
            String image = Manifests.get(Manifests.overlay(overlay), "Keycloak", RealmImportGenerator.KEYCLOAK_CR)
                    .at("/spec/image").asText("");
            if (usesExtension) {
                assertTrue(image.startsWith("microdrama/keycloak:"), overlay + ": the stock Keycloak image lacks the"
                        + " realm's validator, got '" + image + "'");
            }
        }
    }

    private static JsonNode findClient(JsonNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (client.path("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    private static JsonNode findUser(JsonNode realm, String username) {
        for (JsonNode user : realm.path("users")) {
            if (user.path("username").asText().equals(username)) {
                return user;
            }
        }
        throw new AssertionError("no user " + username);
    }

    private static void sortUsers(ObjectNode realm) {
        List<JsonNode> users = new ArrayList<>();
        realm.path("users").forEach(users::add);
        users.sort(Comparator.comparing(u -> u.path("username").asText()));
        ArrayNode sorted = realm.putArray("users");
        users.forEach(sorted::add);
    }
}
