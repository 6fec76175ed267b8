package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Generates the Keycloak operator's realm import FROM deploy/keycloak/microdrama-realm.json, the one realm the
 * local platform imports too, so the Kubernetes realm cannot drift from it (KeycloakRealmImportTest fails when the
 * committed files differ from what this produces). kustomize cannot feed a file into a CR field, hence a generator.
 * <p>
 * The base (production) import is the realm file with these documented changes:
 * <ol>
 * <li>confidential clients' secrets become placeholders ${CLIENT_ID_CLIENT_SECRET} filled by the operator from
 * Secret "&lt;clientId&gt;-oidc", key "client-secret" (catalog-service reads the same Secret);</li>
 * <li>demo users (users with a password) are left out; service-account users stay;</li>
 * <li>public clients lose the password grant and their loopback (127.0.0.1/localhost) redirect URIs;</li>
 * <li>sslRequired "external" and brute-force protection on.</li>
 * </ol>
 * The dev overlay gets a JSON patch that puts 2 and 3 back (demo users, password grant, loopback URIs); the demo
 * users' passwords become placeholders ${DEMO_&lt;USER&gt;_PASSWORD} filled from Secret "keycloak-demo-users", key
 * "&lt;user&gt;-password" (generated from a git-ignored env file), so no well-known password reaches a cluster.
 */
public final class RealmImportGenerator {
    public static final String KEYCLOAK_CR = "keycloak";
    public static final String DEMO_USERS_SECRET = "keycloak-demo-users";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private RealmImportGenerator() {
    }

    public record Generated(ObjectNode realmImport, ArrayNode devPatch) {
    }

    public static Path sourceRealm() {
        return Repo.root().resolve("deploy/keycloak/microdrama-realm.json");
    }

    public static Path baseFile() {
        return Repo.kubernetes().resolve("base/keycloak/realm-import.yaml");
    }

    public static Path devPatchFile() {
        return Repo.overlay("dev").resolve("realm-demo-users-patch.yaml");
    }

    public static String placeholderFor(String clientId) {
        return clientId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_CLIENT_SECRET";
    }

    public static String demoPasswordPlaceholder(String username) {
        return "DEMO_" + username.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_PASSWORD";
    }

    public static Generated generate(JsonNode source) {
        ObjectNode realm = source.deepCopy();
        ArrayNode devPatch = F.arrayNode();
        ObjectNode placeholders = F.objectNode();

        realm.put("sslRequired", "external");
        realm.put("bruteForceProtected", true);

        ArrayNode clients = (ArrayNode) realm.path("clients");
        for (int i = 0; i < clients.size(); i++) {
            ObjectNode client = (ObjectNode) clients.get(i);
            String clientId = client.path("clientId").asText();
            if (client.has("secret")) {
                String placeholder = placeholderFor(clientId);
                client.put("secret", "${" + placeholder + "}");
                placeholders.putObject(placeholder).putObject("secret")
                        .put("name", clientId + "-oidc")
                        .put("key", "client-secret");
            }
            if (client.path("publicClient").asBoolean(false)) {
                if (client.path("directAccessGrantsEnabled").asBoolean(false)) {
                    client.put("directAccessGrantsEnabled", false);
                    devPatch.add(op("replace", "/spec/realm/clients/" + i + "/directAccessGrantsEnabled",
                            F.booleanNode(true)));
                }
                ArrayNode uris = (ArrayNode) client.path("redirectUris");
                ArrayNode kept = F.arrayNode();
                uris.forEach(uri -> {
                    if (!isLoopback(uri.asText())) {
                        kept.add(uri);
                    }
                });
                if (kept.size() != uris.size()) {
                    devPatch.add(op("replace", "/spec/realm/clients/" + i + "/redirectUris", uris.deepCopy()));
                    client.set("redirectUris", kept);
                }
            }
        }

        ArrayNode users = (ArrayNode) realm.path("users");
        ArrayNode serviceAccounts = F.arrayNode();
        for (JsonNode user : users) {
            if (user.has("credentials")) {
                ObjectNode devUser = user.deepCopy();
                String username = user.path("username").asText();
                for (JsonNode credential : devUser.path("credentials")) {
                    if (credential.has("value")) {
                        String placeholder = demoPasswordPlaceholder(username);
                        ((ObjectNode) credential).put("value", "${" + placeholder + "}");
                        ObjectNode ref = F.objectNode();
                        ref.putObject("secret").put("name", DEMO_USERS_SECRET).put("key", username + "-password");
                        devPatch.add(op("add", "/spec/placeholders/" + placeholder, ref));
                    }
                }
                devPatch.add(op("add", "/spec/realm/users/-", devUser));
            } else {
                serviceAccounts.add(user.deepCopy());
            }
        }
        realm.set("users", serviceAccounts);

        ObjectNode cr = F.objectNode();
        cr.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        cr.put("kind", "KeycloakRealmImport");
        cr.putObject("metadata").put("name", realm.path("realm").asText());
        ObjectNode spec = cr.putObject("spec");
        spec.put("keycloakCRName", KEYCLOAK_CR);
        spec.set("placeholders", placeholders);
        spec.set("realm", realm);
        return new Generated(cr, devPatch);
    }

    public static Generated generateFromRepo() {
        return generate(Yaml.read(sourceRealm()));
    }

    private static boolean isLoopback(String uri) {
        return uri.startsWith("http://127.0.0.1") || uri.startsWith("http://localhost");
    }

    private static ObjectNode op(String op, String path, JsonNode value) {
        ObjectNode node = F.objectNode();
        node.put("op", op);
        node.put("path", path);
        node.set("value", value);
        return node;
    }

    public static void write(Generated generated) {
        String header = "# GENERATED from deploy/keycloak/microdrama-realm.json by deploy-checks (RealmImportGenerator): do not edit.\n"
                + "# Regenerate (from the repository root): mvn -B -Dplatform.skip=true -f deploy-checks/pom.xml test"
                + " -Dtest=KeycloakRealmImportTest -Dregenerate=true\n";
        try {
            Files.writeString(baseFile(), header
                    + "# Production realm: client secrets come from Secrets <client>-oidc; no demo users; no password grant.\n"
                    + Yaml.write(generated.realmImport()));
            Files.writeString(devPatchFile(), header
                    + "# Dev only: the demo users (passwords from Secret " + DEMO_USERS_SECRET + "), the password grant and"
                    + " the loopback redirect URIs of the realm file.\n"
                    + Yaml.write(generated.devPatch()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
