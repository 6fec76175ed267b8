package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.RenderTree;
import com.microdrama.deploychecks.support.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets: production ships none (operators create theirs, people create the rest from the README's list); dev
 * generates its own from git-ignored env files; no committed manifest holds a secret value; every reference points
 * at something that will exist.
 */
class SecretsTest {
    private static final Pattern README_ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|");

    /** A reference to a Secret (key is null when the whole Secret is used). */
    record Ref(String name, String key, boolean certificate, String from) {
    }

    @Test
    void productionRendersNoSecretObjects() {
        assertEquals(List.of(), Manifests.ofKind(Manifests.overlay("prod"), "Secret").stream().map(Manifests::name).toList());
    }

    @Test
    void everySecretProductionReferencesIsMadeByAnOperatorOrListedInTheReadme() throws IOException {
        List<ObjectNode> prod = Manifests.overlay("prod");
        Set<String> operatorMade = operatorMade(prod);
        Set<String> documented = readmeSecrets();
        Set<String> missing = new TreeSet<>();
        Set<String> referenced = new TreeSet<>();
        for (Ref ref : references(prod)) {
            referenced.add(ref.name());
            if (!operatorMade.contains(ref.name()) && !documented.contains(ref.name())) {
                missing.add(ref.name() + " (" + ref.from() + ")");
            }
        }
        assertEquals(Set.of(), missing, "Secrets neither operator-made nor in README 'Secrets to create'");
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(referenced);
        assertEquals(Set.of(), stale, "README lists Secrets nothing uses");
    }

    @Test
    void devReferencesOnlySecretsItShipsOrAnOperatorMakesWithTheKeysTheyUse() {
        List<ObjectNode> dev = Manifests.overlay("dev");
        Set<String> operatorMade = operatorMade(dev);
        List<String> problems = new ArrayList<>();
        for (Ref ref : references(dev)) {
            if (operatorMade.contains(ref.name()) || ref.certificate()) {
                continue; // TLS certificates come from cert-manager or the cluster's own issuer, in dev too
            }
            ObjectNode secret = Manifests.find(dev, "Secret", ref.name()).orElse(null);
            if (secret == null) {
                problems.add(ref.from() + " uses Secret " + ref.name() + " that dev does not ship");
            } else if (ref.key() != null && !Manifests.secretData(secret).containsKey(ref.key())) {
                problems.add(ref.from() + " uses key " + ref.key() + " missing from Secret " + ref.name());
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noCommittedManifestHoldsASecretValue(String overlay) {
        assertEquals(List.of(), EdgeChecks.literalSecretProblems(Manifests.overlay(overlay), RenderTree.throwawayValues()));
    }

    @Test
    void devSecretsAreGeneratedFromEnvFilesWithTheExamplesKeys() throws IOException {
        List<ObjectNode> secrets = Manifests.ofKind(Manifests.overlay("dev"), "Secret");
        assertFalse(secrets.isEmpty());
        for (ObjectNode secret : secrets) {
            Path example = Repo.overlay("dev").resolve("secrets").resolve(Manifests.name(secret) + ".env.example");
            assertTrue(Files.isRegularFile(example), "no " + example);
            Set<String> keys = new TreeSet<>(Manifests.secretData(secret).keySet());
            keys.remove("username");
            Set<String> exampleKeys = new TreeSet<>();
            for (String line : Files.readAllLines(example)) {
                if (!line.startsWith("#") && line.contains("=")) {
                    exampleKeys.add(line.substring(0, line.indexOf('=')));
                    assertFalse(line.substring(line.indexOf('=') + 1).length() >= 16
                            && !line.contains("REPLACE"), example + ": an example holds a value that could work");
                }
            }
            assertEquals(exampleKeys, keys, Manifests.name(secret));
        }
    }

    @Test
    void aSecretValueWrittenIntoACommittedManifestIsCaught() {
        assertCaught("Secret/payment-db: key password", objects ->
                ((ObjectNode) Manifests.get(objects, "Secret", "payment-db").get("data")).put("password",
                        Base64.getEncoder().encodeToString("dev-only-not-a-secret".getBytes(StandardCharsets.UTF_8))));
        assertCaught("ConfigMap/payment-service-config: key STRIPE_WEBHOOK_SECRET", objects ->
                ((ObjectNode) Manifests.get(objects, "ConfigMap", "payment-service-config").get("data"))
                        .put("STRIPE_WEBHOOK_SECRET", "whsec_abc"));
        assertCaught("Deployment/catalog-service: env PLAYBACK_SIGNING_KEY", objects -> {
            for (JsonNode env : Manifests.get(objects, "Deployment", "catalog-service").at("/spec/template/spec/containers/0/env")) {
                if (env.path("name").asText().equals("PLAYBACK_SIGNING_KEY")) {
                    ((ObjectNode) env).remove("valueFrom");
                    ((ObjectNode) env).put("value", "dev-playback-signing-key");
                }
            }
        });
        assertCaught("KeycloakRealmImport/microdrama: user admin has a literal password", objects -> {
            for (JsonNode user : Manifests.get(objects, "KeycloakRealmImport", "microdrama").at("/spec/realm/users")) {
                if (user.path("username").asText().equals("admin")) {
                    ((ObjectNode) user.at("/credentials/0")).put("value", "admin");
                }
            }
        });
        assertCaught("KeycloakRealmImport/microdrama: client payment-service has a literal secret", objects -> {
            for (JsonNode client : Manifests.get(objects, "KeycloakRealmImport", "microdrama").at("/spec/realm/clients")) {
                if (client.path("clientId").asText().equals("payment-service")) {
                    ((ObjectNode) client).put("secret", "payment-service-secret");
                }
            }
        });
    }

    @Test
    void noWellKnownAdminPasswordInTheCommittedFiles() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.kubernetes())) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".env")).toList()) {
                String text = Files.readString(file);
                if (text.contains("admin/admin") || text.contains("dev-only-not-a-secret")) {
                    found.add(Repo.kubernetes().relativize(file).toString());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static void assertCaught(String expected, Consumer<List<ObjectNode>> breakIt) {
        EdgeChecks.assertCaught("dev", objects -> EdgeChecks.literalSecretProblems(objects, RenderTree.throwawayValues()), expected, breakIt);
    }

    static Set<String> operatorMade(List<ObjectNode> objects) {
        Set<String> made = new TreeSet<>();
        Manifests.ofKind(objects, "KafkaUser").forEach(u -> made.add(Manifests.name(u)));
        Manifests.ofKind(objects, "Kafka").forEach(k -> made.add(Manifests.name(k) + "-cluster-ca-cert"));
        return made;
    }

    static List<Ref> references(List<ObjectNode> objects) {
        List<Ref> refs = new ArrayList<>();
        for (ObjectNode o : objects) {
            collect(o, null, o.path("kind").asText() + "/" + Manifests.name(o), refs);
        }
        return refs;
    }

    private static void collect(JsonNode node, String key, String from, List<Ref> refs) {
        if (node.isObject()) {
            if (key != null && (key.equals("secretKeyRef") || key.equals("secretRef") || key.endsWith("Secret")
                    || key.equals("secret") || key.equals("accessKeyId") || key.equals("secretAccessKey"))
                    && node.has("name")) {
                refs.add(new Ref(node.path("name").asText(), node.path("key").asText(null), false, from));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && (e.getKey().equals("secretName")
                        || (e.getKey().equals("secret") && key != null && key.equals("user")))) {
                    refs.add(new Ref(e.getValue().asText(), null, false, from));
                }
                if (e.getKey().equals("certificateRefs")) {
                    for (JsonNode cert : e.getValue()) {
                        if ("Secret".equals(cert.path("kind").asText("Secret"))) {
                            refs.add(new Ref(cert.path("name").asText(), null, true, from));
                        }
                    }
                    continue;
                }
                // A Secret's own content and a realm body are not references.
                if (!e.getKey().equals("stringData") && !e.getKey().equals("data") && !e.getKey().equals("realm")) {
                    collect(e.getValue(), e.getKey(), from, refs);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, key, from, refs);
            }
        }
    }

    static Set<String> readmeSecrets() throws IOException {
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(Repo.kubernetes().resolve("README.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Secrets to create");
                continue;
            }
            Matcher m = README_ROW.matcher(line);
            if (inSection && m.find()) {
                names.add(m.group(1));
            }
        }
        assertFalse(names.isEmpty(), "README.md has no '## Secrets to create' table");
        return names;
    }
}
