package com.microdrama.support.security;

import com.microdrama.support.SupportConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.credential.Credential;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Wires {@link VerifiedTokens} into Quarkus security: {@link Lookup} runs before the OIDC provider and answers a
 * bearer token seen before with its identity; {@link Recorder}, the first augmentor, remembers each identity the OIDC
 * provider produced from a bearer JWT. Setting {@code microdrama.verified-tokens.max} to 0 turns it off.
 *
 * <p>What a cached answer skips is only the repeated work: the token string is the same, so its signature, issuer,
 * audience and roles are too; its expiry is checked on every use. What it does not add: a token is not revoked any
 * earlier than without the cache (bearer JWTs are verified locally, never asked back of Keycloak), and a signing key
 * that Keycloak rotates out stops being accepted for tokens already seen only when they expire (at most their
 * lifetime, 15 minutes).
 */
@Singleton
public class VerifiedTokenCache {
    /** Marks an identity answered from the cache, so the recorder does not look its token up a second time. */
    private static final String FROM_CACHE = VerifiedTokenCache.class.getName();

    private final VerifiedTokens<QuarkusSecurityIdentity> tokens;
    private final Counter hits;
    private final Counter misses;

    public VerifiedTokenCache(SupportConfig config, MeterRegistry registry) {
        int max = config.verifiedTokens().max();
        Clock clock = Clock.systemUTC();
        this.tokens = new VerifiedTokens<>(max, () -> clock.instant().getEpochSecond());
        // /q/metrics: microdrama_verified_tokens_total{result="hit|miss"}, microdrama_verified_tokens_cached
        this.hits = registry.counter("microdrama.verified.tokens", "result", "hit");
        this.misses = registry.counter("microdrama.verified.tokens", "result", "miss");
        registry.gauge("microdrama.verified.tokens.cached", tokens, VerifiedTokens::size);
    }

    /** Runs before the OIDC identity provider (priority 1001); a miss (null) passes the request on to it. */
    @ApplicationScoped
    public static class Lookup implements IdentityProvider<TokenAuthenticationRequest> {
        private final VerifiedTokenCache cache;

        public Lookup(VerifiedTokenCache cache) {
            this.cache = cache;
        }

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public int priority() {
            return SYSTEM_FIRST + 1_000;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            QuarkusSecurityIdentity verified = cache.tokens.find(request.getToken().getToken());
            if (verified == null) {
                cache.misses.increment();
                return Uni.createFrom().nullItem();
            }
            cache.hits.increment();
            return Uni.createFrom().item(copy(verified, HttpSecurityUtils.getRoutingContextAttribute(request), true));
        }
    }

    /** The first augmentor: it sees the identity exactly as the OIDC provider built it. */
    @ApplicationScoped
    public static class Recorder implements SecurityIdentityAugmentor {
        private final VerifiedTokenCache cache;

        public Recorder(VerifiedTokenCache cache) {
            this.cache = cache;
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            // only what the OIDC provider builds: a JWT principal, a bearer credential, permissions but no checkers
            if (identity.getAttribute(FROM_CACHE) == null && !identity.isAnonymous()
                    && identity instanceof QuarkusSecurityIdentity built && built.getPrincipal() instanceof JsonWebToken jwt) {
                TokenCredential token = bearerToken(built);
                if (token != null) {
                    cache.tokens.remember(token.getToken(), copy(built, null, false), jwt.getExpirationTime());
                }
            }
            return Uni.createFrom().item(identity);
        }

        private static TokenCredential bearerToken(SecurityIdentity identity) {
            for (Credential credential : identity.getCredentials()) {
                if (credential instanceof TokenCredential token && "bearer".equalsIgnoreCase(token.getType())) {
                    return token;
                }
            }
            return null;
        }
    }

    /**
     * The identity with the request-bound attributes of {@code request} (none when null): the routing context and the
     * blocking-call runner the OIDC provider takes from it. A remembered identity holds no request.
     */
    static QuarkusSecurityIdentity copy(QuarkusSecurityIdentity identity, RoutingContext request, boolean fromCache) {
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        attributes.remove(RoutingContext.class.getName());
        attributes.remove(AuthenticationRequestContext.class.getName());
        if (request != null) {
            attributes.put(RoutingContext.class.getName(), request);
            Object blockingApi = request.get(AuthenticationRequestContext.class.getName());
            if (blockingApi != null) {
                attributes.put(AuthenticationRequestContext.class.getName(), blockingApi);
            }
        }
        if (fromCache) {
            attributes.put(FROM_CACHE, Boolean.TRUE);
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addPermissions(identity.getPermissions())
                .addAttributes(attributes)
                .build();
    }
}
