package com.microdrama.entitlement.access;

import com.microdrama.entitlement.config.EntitlementConfig;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;
import com.microdrama.support.security.TokenClaims;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * Who may call the service-to-service endpoints ({@code /api/entitlements/users/{userId}/…}): they answer for any
 * user, so the {@code service} role alone is not enough. Any client of the realm can be given that role (a
 * misconfigured or newly added one, a test client), so a service token must also come from one of the clients named
 * in {@code entitlement.service-callers.allowed-clients}: its {@code azp} (the client the token was issued to) is
 * checked. Admins (operators, role {@code admin}) keep their access through any client, as before.
 */
@ApplicationScoped
public class ServiceCallers {

    public static final String SERVICE_ROLE = "service";
    public static final String ADMIN_ROLE = "admin";

    private final Set<String> allowedClients;

    public ServiceCallers(EntitlementConfig config) {
        this.allowedClients = Set.copyOf(config.serviceCallers().allowedClients());
    }

    /** Throws 403 {@code forbidden} unless the caller may use the service-to-service endpoints. */
    public void require(SecurityIdentity caller) {
        String client = caller.getPrincipal() instanceof JsonWebToken token
                ? text(TokenClaims.get(token, "azp")) : null;
        if (!mayCall(caller.getRoles(), client, allowedClients)) {
            throw new ProblemException(403, Problems.FORBIDDEN, "Forbidden",
                    "Only the services named in entitlement-service's configuration (and admins) may call this.");
        }
    }

    /**
     * @param roles   the caller's realm roles
     * @param client  the token's {@code azp}, null when it has none
     * @param allowed the client ids whose service tokens may call
     */
    static boolean mayCall(Set<String> roles, String client, Set<String> allowed) {
        if (roles.contains(ADMIN_ROLE)) {
            return true;
        }
        return roles.contains(SERVICE_ROLE) && client != null && allowed.contains(client);
    }

    private static String text(Object claim) {
        return claim instanceof JsonString json ? json.getString() : claim instanceof String s ? s : null;
    }
}
