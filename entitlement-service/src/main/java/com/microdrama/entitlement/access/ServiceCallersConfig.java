package com.microdrama.entitlement.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Set;

/** Who may call the service-to-service endpoints ({@code entitlement.service-callers.*}): {@link ServiceCallers}. */
@ConfigMapping(prefix = "entitlement.service-callers")
public interface ServiceCallersConfig {

    /** Keycloak client ids ({@code azp} of a client-credentials token) whose service accounts may call. */
    @WithDefault("catalog-service,payment-service")
    Set<String> allowedClients();
}
