package com.microdrama.entitlement.access;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceCallersTest {

    private static final Set<String> ALLOWED = Set.of("catalog-service", "payment-service");

    @Test
    void aServiceTokenOfAnAllowedClientMayCall() {
        assertTrue(ServiceCallers.mayCall(Set.of("service"), "catalog-service", ALLOWED));
        assertTrue(ServiceCallers.mayCall(Set.of("service"), "payment-service", ALLOWED));
    }

    @Test
    void theServiceRoleOfAnotherClientIsNotEnough() {
        assertFalse(ServiceCallers.mayCall(Set.of("service"), "entitlement-service", ALLOWED));
        assertFalse(ServiceCallers.mayCall(Set.of("service"), "app", ALLOWED));
        assertFalse(ServiceCallers.mayCall(Set.of("service"), null, ALLOWED));
    }

    @Test
    void anAllowedClientWithoutTheServiceRoleMayNotCall() {
        assertFalse(ServiceCallers.mayCall(Set.of(), "catalog-service", ALLOWED));
        assertFalse(ServiceCallers.mayCall(Set.of("user"), "catalog-service", ALLOWED));
    }

    @Test
    void anAdminMayCallThroughAnyClient() {
        assertTrue(ServiceCallers.mayCall(Set.of("admin"), "app", ALLOWED));
        assertTrue(ServiceCallers.mayCall(Set.of("admin"), null, ALLOWED));
    }

    @Test
    void supportIsNotAnAdmin() {
        assertFalse(ServiceCallers.mayCall(Set.of("support"), "app", ALLOWED));
    }
}
