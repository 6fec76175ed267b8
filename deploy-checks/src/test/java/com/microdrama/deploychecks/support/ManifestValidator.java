package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Validates one rendered object, offline, against the schemas its API server would use (decision record
 * docs/decisions/0016-manifests-validated-against-published-schemas.md):
 * <ul>
 * <li>Kubernetes kinds: the Kubernetes OpenAPI (v2) document vendored in src/test/resources/schemas/kubernetes;
 * a kind is found through its definitions' {@code x-kubernetes-group-version-kind}, so an API version the release no
 * longer serves has no schema and fails.</li>
 * <li>Custom resources: the released CRDs vendored under src/test/resources/schemas (README there: versions, sources);
 * an apiVersion the CRD does not serve, or marks deprecated, fails.</li>
 * </ul>
 * Both are turned into draft-7 JSON Schema the way an API server with strict field validation reads them: every
 * object that lists its properties refuses other ones (unless it says {@code x-kubernetes-preserve-unknown-fields}),
 * {@code required} holds, int-or-string and quantities take both forms, and a CR's {@code metadata} is Kubernetes'
 * ObjectMeta. CEL rules ({@code x-kubernetes-validations}) and {@code format}s are not evaluated.
 */
public final class ManifestValidator {
    private static final String SCHEMAS = "schemas/";
    private static final String K8S_SWAGGER = SCHEMAS + "kubernetes/swagger.json";
    /** The vendored CRD files; each may hold several CRDs. */
    private static final List<String> CRD_FILES = List.of(
            "strimzi/040-Crd-kafka.yaml",
            "strimzi/043-Crd-kafkatopic.yaml",
            "strimzi/044-Crd-kafkauser.yaml",
            "strimzi/045-Crd-kafkanodepool.yaml",
            "cloudnative-pg/postgresql.cnpg.io_clusters.yaml",
            "cloudnative-pg/postgresql.cnpg.io_databases.yaml",
            "cloudnative-pg/postgresql.cnpg.io_scheduledbackups.yaml",
            "barman-cloud/barmancloud.cnpg.io_objectstores.yaml",
            "keycloak/keycloaks.k8s.keycloak.org-v1.yml",
            "keycloak/keycloakrealmimports.k8s.keycloak.org-v1.yml",
            "envoy-gateway/standard-gatewayapi-crds.yaml",
            "envoy-gateway/gateway.envoyproxy.io_backends.yaml",
            "envoy-gateway/gateway.envoyproxy.io_backendtrafficpolicies.yaml",
            "envoy-gateway/gateway.envoyproxy.io_clienttrafficpolicies.yaml",
            "envoy-gateway/gateway.envoyproxy.io_httproutefilters.yaml",
            "envoy-gateway/gateway.envoyproxy.io_securitypolicies.yaml",
            "prometheus-operator/monitoring.coreos.com_servicemonitors.yaml",
            "prometheus-operator/monitoring.coreos.com_prometheusrules.yaml");

    private static final String K8S_IRI = "urn:microdrama:kubernetes-definitions";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private static volatile Catalog catalog;

    private ManifestValidator() {
    }

    /** Problems found; empty when the object is valid. */
    public static List<String> validate(JsonNode object) {
        List<String> problems = new ArrayList<>();
        if (object.path("metadata").path("name").asText("").isEmpty()
                && object.path("metadata").path("generateName").asText("").isEmpty()) {
            problems.add("metadata.name is missing");
        }
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        Catalog c = catalog();
        Entry entry = c.entries.get(apiVersion + "/" + kind);
        if (entry == null) {
            problems.add(c.explainMissing(apiVersion, kind));
            return problems;
        }
        if (entry.deprecated != null) {
            problems.add(apiVersion + " " + kind + " is deprecated (" + entry.source + "): " + entry.deprecated);
        }
        for (Error error : c.schema(apiVersion + "/" + kind, entry).validate(object.toString(), InputFormat.JSON)) {
            problems.add(error.toString());
        }
        return problems;
    }

    private static Catalog catalog() {
        Catalog c = catalog;
        if (c == null) {
            synchronized (ManifestValidator.class) {
                if (catalog == null) {
                    catalog = new Catalog();
                }
                c = catalog;
            }
        }
        return c;
    }

    /** Where a kind's schema lives: a Kubernetes definition name, or a CRD version's converted schema. */
    private record Entry(String source, String definition, ObjectNode schema, String deprecated) {
    }

    private static final class Catalog {
        final Map<String, Entry> entries = new HashMap<>();
        /** group/kind -> served versions, to say why an apiVersion has no schema. */
        final Map<String, TreeSet<String>> served = new TreeMap<>();
        final Map<String, Schema> compiled = new ConcurrentHashMap<>();
        final SchemaRegistry registry;

        Catalog() {
            ObjectNode swagger;
            try {
                swagger = (ObjectNode) Yaml.JSON.readTree(resource(K8S_SWAGGER));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ObjectNode definitions = (ObjectNode) swagger.get("definitions");
            ObjectNode strictDefinitions = Yaml.JSON.createObjectNode();
            definitions.fields().forEachRemaining(d -> {
                strictDefinitions.set(d.getKey(), QUANTITY.equals(d.getKey())
                        ? intOrString(true) : strict(d.getValue()));
                for (JsonNode gvk : d.getValue().path("x-kubernetes-group-version-kind")) {
                    String group = gvk.path("group").asText();
                    String version = gvk.path("version").asText();
                    String kind = gvk.path("kind").asText();
                    if (d.getKey().startsWith("io.k8s.apimachinery.")) {
                        continue; // DeleteOptions, WatchEvent, Status...: not objects one applies
                    }
                    add(group, version, kind, new Entry("Kubernetes " + K8S_SWAGGER, d.getKey(), null, null));
                }
            });
            ObjectNode document = Yaml.JSON.createObjectNode();
            document.set("definitions", strictDefinitions);
            Map<String, String> documents = new HashMap<>();
            documents.put(K8S_IRI, document.toString());
            for (String file : CRD_FILES) {
                for (ObjectNode crd : Yaml.readAll(withoutHelmLines(resource(SCHEMAS + file)))) {
                    if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                        continue;
                    }
                    String group = crd.at("/spec/group").asText();
                    String kind = crd.at("/spec/names/kind").asText();
                    for (JsonNode version : crd.at("/spec/versions")) {
                        if (!version.path("served").asBoolean(false)) {
                            continue;
                        }
                        ObjectNode schema = strict(version.at("/schema/openAPIV3Schema"));
                        ObjectNode properties = (ObjectNode) schema.with("properties");
                        // The API server takes apiVersion, kind and metadata on every object, whatever the CRD lists.
                        properties.putObject("apiVersion").put("type", "string");
                        properties.putObject("kind").put("type", "string");
                        properties.putObject("metadata").put("$ref", K8S_IRI + "#/definitions/" + OBJECT_META);
                        String deprecated = version.path("deprecated").asBoolean(false)
                                ? version.path("deprecationWarning").asText("deprecated") : null;
                        add(group, version.path("name").asText(), kind, new Entry(file, null, schema, deprecated));
                    }
                }
            }
            registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, b -> b.schemas(documents));
        }

        private void add(String group, String version, String kind, Entry entry) {
            String apiVersion = group.isEmpty() ? version : group + "/" + version;
            entries.put(apiVersion + "/" + kind, entry);
            served.computeIfAbsent(group + "/" + kind, k -> new TreeSet<>()).add(version);
        }

        Schema schema(String key, Entry e) {
            return compiled.computeIfAbsent(key, k -> {
                ObjectNode schema = e.schema != null ? e.schema.deepCopy() : Yaml.JSON.createObjectNode()
                        .put("$ref", K8S_IRI + "#/definitions/" + e.definition);
                return registry.getSchema(schema.toString(), InputFormat.JSON);
            });
        }

        String explainMissing(String apiVersion, String kind) {
            int slash = apiVersion.lastIndexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            TreeSet<String> versions = served.get(group + "/" + kind);
            if (versions != null) {
                return apiVersion + " " + kind + " is not served by the vendored schemas (removed or unknown API "
                        + "version); served: " + versions.stream().map(v -> group.isEmpty() ? v : group + "/" + v)
                        .collect(Collectors.joining(", "));
            }
            return "no vendored schema for " + apiVersion + " " + kind
                    + " (vendor its CRD under src/test/resources/schemas and list it in ManifestValidator)";
        }
    }

    /**
     * An OpenAPI schema as strict draft-7 JSON Schema: objects that list properties refuse others, int-or-string
     * takes both, {@code nullable} admits null; descriptions, formats, CEL rules and extensions go.
     */
    static ObjectNode strict(JsonNode openApi) {
        return convert(openApi, true);
    }

    /**
     * {@code closed}: whether listed properties close the object. Not inside allOf/anyOf/oneOf/not: in a structural
     * schema those branches only validate values (e.g. "one of value or valueFrom"), they do not declare fields.
     */
    private static ObjectNode convert(JsonNode openApi, boolean closed) {
        ObjectNode in = (ObjectNode) openApi;
        boolean intOrString = in.path("x-kubernetes-int-or-string").asBoolean(false)
                || "int-or-string".equals(in.path("format").asText());
        if (intOrString) {
            return intOrString(false);
        }
        ObjectNode out = Yaml.JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = in.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            switch (key) {
                case "description", "format", "example", "nullable" -> {
                }
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    value.fields().forEachRemaining(p -> props.set(p.getKey(), convert(p.getValue(), closed)));
                }
                case "items", "additionalProperties" -> out.set(key, value.isObject() ? convert(value, closed) : value);
                case "not" -> out.set(key, convert(value, false));
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode list = out.putArray(key);
                    value.forEach(v -> list.add(convert(v, false)));
                }
                case "$ref" -> out.put("$ref", value.asText());
                default -> {
                    if (!key.startsWith("x-")) {
                        out.set(key, value);
                    }
                }
            }
        }
        boolean open = in.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (closed && in.has("properties") && !in.has("additionalProperties") && !open) {
            out.put("additionalProperties", false);
        }
        if (in.path("nullable").asBoolean(false) && out.has("type") && out.get("type").isTextual()) {
            out.putArray("type").add(out.get("type").asText()).add("null");
        }
        return out;
    }

    private static ObjectNode intOrString(boolean number) {
        ObjectNode node = Yaml.JSON.createObjectNode();
        ArrayNode anyOf = node.putArray("anyOf");
        anyOf.addObject().put("type", number ? "number" : "integer");
        anyOf.addObject().put("type", "string");
        return node;
    }

    /** Envoy Gateway ships its CRDs inside a Helm chart: the whole file sits between one {{ if }} and one {{ end }}. */
    private static String withoutHelmLines(String text) {
        return text.lines().filter(l -> !l.startsWith("{{")).collect(Collectors.joining("\n"));
    }

    private static String resource(String name) {
        try (InputStream in = ManifestValidator.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing vendored schema " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
