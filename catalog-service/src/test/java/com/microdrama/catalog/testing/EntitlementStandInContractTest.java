package com.microdrama.catalog.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog tests talk to a hand-written {@link EntitlementStandIn} instead of entitlement-service. This holds the
 * stand-in against entitlement-service's committed OpenAPI document (docs/openapi/entitlement-service.yaml, which that
 * service's own contract test keeps equal to what it serves): every operation, parameter and answer field the
 * stand-in implements must exist there with the same type, so the stand-in cannot answer what the real service does
 * not, and the real service's required parameters cannot go unnoticed by it.
 */
class EntitlementStandInContractTest {
    private static final java.nio.file.Path DOCUMENT = java.nio.file.Path.of("").toAbsolutePath().getParent()
            .resolve("docs/openapi/entitlement-service.yaml");
    private static final Map<Class<?>, String> SCALARS = Map.of(String.class, "string", boolean.class, "boolean",
            Boolean.class, "boolean", int.class, "integer", Integer.class, "integer", long.class, "integer",
            Long.class, "integer");

    private final JsonNode openApi = load();

    @Test
    void everyOperationOfTheStandInIsOneEntitlementServiceServes() {
        List<Method> operations = operations();
        assertEquals(2, operations.size(), "the stand-in's operations (check, series page) were all found");
        for (Method operation : operations) {
            JsonNode served = operation(operation);
            assertFalse(served.isMissingNode(), httpMethod(operation).toUpperCase() + " " + path(operation)
                    + " is not in " + DOCUMENT.getFileName());
        }
    }

    @Test
    void everyParameterTheStandInReadsExistsThereWithTheSameTypeAndEveryRequiredOneIsRead() {
        for (Method operation : operations()) {
            String where = path(operation);
            Map<String, JsonNode> served = new HashMap<>();
            operation(operation).path("parameters")
                    .forEach(p -> served.put(p.path("in").asText() + ":" + p.path("name").asText(), p));
            Set<String> read = new HashSet<>();
            for (Parameter parameter : operation.getParameters()) {
                String key = parameter.isAnnotationPresent(PathParam.class)
                        ? "path:" + parameter.getAnnotation(PathParam.class).value()
                        : parameter.isAnnotationPresent(QueryParam.class)
                        ? "query:" + parameter.getAnnotation(QueryParam.class).value()
                        : null;
                if (key == null) {
                    continue;
                }
                read.add(key);
                JsonNode doc = served.get(key);
                assertTrue(doc != null, where + ": the stand-in reads " + key + ", entitlement-service has no such"
                        + " parameter (it has " + served.keySet() + ")");
                assertTrue(types(doc.path("schema")).contains(SCALARS.get(parameter.getType())),
                        where + ": type of " + key + " is " + types(doc.path("schema")) + " there");
            }
            Set<String> required = served.entrySet().stream().filter(e -> e.getValue().path("required").asBoolean())
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertTrue(read.containsAll(required), where + ": entitlement-service requires " + required
                    + ", the stand-in reads " + read);
        }
    }

    @Test
    void everyFieldOfTheStandInsAnswersExistsInTheServedSchemaWithTheSameType() {
        for (Method operation : operations()) {
            JsonNode schema = operation(operation).path("responses").path("200").path("content")
                    .path("application/json").path("schema");
            assertFalse(schema.isMissingNode(), path(operation) + " answers 200 with a JSON body there");
            List<String> problems = new ArrayList<>();
            compare(path(operation), answerType(operation), schema, problems);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    /** Fails the check itself, not only the stand-in: a field the document lacks or types differently is found. */
    @Test
    void theComparisonNoticesAMissingFieldAndAWrongType() {
        JsonNode check = operation(operations().stream().filter(m -> m.getName().equals("check")).findFirst()
                .orElseThrow()).path("responses").path("200").path("content").path("application/json").path("schema");
        record Extra(String episodeId, boolean allowed, String notServed) {
        }
        record WrongType(int episodeId) {
        }
        List<String> problems = new ArrayList<>();
        compare("extra", Extra.class, check, problems);
        compare("wrong", WrongType.class, check, problems);
        assertEquals(List.of("extra: field notServed is not in the served schema",
                "wrong: field episodeId is integer here, string in the served schema"), problems);
    }

    private void compare(String where, Type type, JsonNode schema, List<String> problems) {
        JsonNode resolved = resolve(schema);
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (!types(resolved).contains("array")) {
                problems.add(where + " is a list here, " + types(resolved) + " in the served schema");
                return;
            }
            compare(where + "[]", list.getActualTypeArguments()[0], resolved.path("items"), problems);
            return;
        }
        Class<?> cls = (Class<?>) type;
        if (SCALARS.containsKey(cls)) {
            Set<String> served = types(resolved);
            if (!served.contains(SCALARS.get(cls))) {
                problems.add(where + " is " + SCALARS.get(cls) + " here, " + String.join("|", served)
                        + " in the served schema");
            }
            return;
        }
        assertTrue(cls.isRecord(), where + ": the stand-in answers records, lists and scalars only, not " + cls);
        for (RecordComponent field : cls.getRecordComponents()) {
            JsonNode servedField = resolved.path("properties").path(field.getName());
            String fieldWhere = where + ": field " + field.getName();
            if (servedField.isMissingNode()) {
                problems.add(fieldWhere + " is not in the served schema");
            } else {
                compare(fieldWhere, field.getGenericType(), servedField, problems);
            }
        }
    }

    /** A schema's type, or its types (OpenAPI 3.1 writes a nullable field as {@code [string, "null"]}). */
    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        Set<String> types = new HashSet<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        return types;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.isEmpty()) {
            return schema;
        }
        assertTrue(ref.startsWith("#/components/schemas/"), "a local schema reference: " + ref);
        JsonNode target = openApi.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        assertFalse(target.isMissingNode(), ref + " resolves");
        return target;
    }

    /** T of {@code Uni<RestResponse<T>>}, the stand-in's answer type. */
    private static Type answerType(Method operation) {
        Type restResponse = ((ParameterizedType) operation.getGenericReturnType()).getActualTypeArguments()[0];
        return ((ParameterizedType) restResponse).getActualTypeArguments()[0];
    }

    private JsonNode operation(Method operation) {
        return openApi.path("paths").path(path(operation)).path(httpMethod(operation));
    }

    private static List<Method> operations() {
        return Arrays.stream(EntitlementStandIn.class.getDeclaredMethods())
                .filter(m -> httpMethod(m) != null)
                .toList();
    }

    private static String path(Method operation) {
        String base = EntitlementStandIn.class.getAnnotation(Path.class).value();
        Path own = operation.getAnnotation(Path.class);
        return own == null ? base : base + own.value();
    }

    private static String httpMethod(Method m) {
        return m.isAnnotationPresent(GET.class) ? "get" : m.isAnnotationPresent(POST.class) ? "post"
                : m.isAnnotationPresent(PUT.class) ? "put" : m.isAnnotationPresent(DELETE.class) ? "delete" : null;
    }

    private static JsonNode load() {
        assertTrue(Files.isRegularFile(DOCUMENT), DOCUMENT + " exists (entitlement-service's committed OpenAPI"
                + " document)");
        try {
            return new YAMLMapper().readTree(DOCUMENT.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + DOCUMENT, e);
        }
    }
}
