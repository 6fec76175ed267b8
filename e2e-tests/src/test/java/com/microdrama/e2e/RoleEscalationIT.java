package com.microdrama.e2e;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static com.microdrama.e2e.GatewayCalls.bearer;
import static com.microdrama.e2e.GatewayCalls.call;
import static com.microdrama.e2e.SecurityFixture.SERIES;

/** Admin endpoints (as far as they exist, from the services' OpenAPI) refuse user, support and service tokens. */
class RoleEscalationIT extends AttackGroup {
    @TestFactory
    @Order(1)
    Stream<DynamicTest> adminEndpointsRefuseUserSupportAndServiceTokens() {
        List<DynamicTest> cases = new ArrayList<>();
        fx.expectBuilt("payment-service", "/api/payments/admin/refunds", "post");
        fx.expectBuilt("entitlement-service", "/api/entitlements/admin/grants", "post");
        fx.expectBuilt("entitlement-service", "/api/entitlements/admin/grants/{id}", "delete");
        if (fx.openApi.get("catalog-service").properties().stream().noneMatch(e -> e.getKey().contains("/admin"))) {
            fx.notBuilt.add("catalog-service /api/catalog/admin/… (no admin route in its OpenAPI)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purchaseId", fx.victimPurchaseId);
        body.put("userId", fx.victimId);
        body.put("episodeId", fx.ep5);
        body.put("seriesId", SERIES);
        body.put("reason", "e2e security test: must be refused");
        body.put("kind", "EPISODE");
        body.put("validUntil", "2099-01-01T00:00:00Z");
        fx.openApi.forEach((service, paths) -> paths.properties().forEach(route -> {
            if (!route.getKey().contains("/admin")) {
                return;
            }
            String path = fillPathParameters(route.getKey());
            for (Iterator<String> methods = route.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                boolean write = !method.equals("GET");
                Object payload = write && !method.equals("DELETE") ? body : null;
                cases.add(refused(method + " " + route.getKey() + " with a user token → 403",
                        () -> call(method, path, bearer(fx.attacker), payload, Map.of()), write, 403));
                if (write) {
                    cases.add(refused(method + " " + route.getKey() + " with the support role → 403",
                            () -> call(method, path, bearer(fx.support), payload, Map.of()), true, 403));
                    cases.add(refused(method + " " + route.getKey() + " with a service account (role service) → 403",
                            () -> call(method, path, bearer(fx.serviceWithRole), payload, Map.of()), true, 403));
                }
            }
        }));
        return cases.stream();
    }

    private String fillPathParameters(String template) {
        StringBuilder path = new StringBuilder();
        for (String segment : template.split("/", -1)) {
            if (!path.isEmpty() || !segment.isEmpty()) {
                path.append('/');
            }
            if (segment.startsWith("{")) {
                String param = segment.toLowerCase();
                segment = param.contains("purchase") ? fx.victimPurchaseId
                        : param.contains("user") ? fx.victimId
                        : param.contains("series") ? SERIES
                        : param.contains("episode") ? fx.ep4
                        : UUID.randomUUID().toString();
            }
            path.append(segment);
        }
        return path.toString().replace("//", "/");
    }
}
