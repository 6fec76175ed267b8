package com.microdrama.payment.store.play;

import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.support.problem.ProblemException;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Authenticates a Pub/Sub push (Real-time developer notifications, decision 0020): the push carries an OIDC ID token
 * Google signs for the push subscription's service account; its signature (Google's published keys), issuer,
 * audience, expiry and {@code email} must all be the configured ones. Nothing else authenticates the endpoint.
 */
@ApplicationScoped
public class PubSubPushVerifier {
    private final JwtConsumer consumer;
    private final String serviceAccount;

    public PubSubPushVerifier(PaymentConfig config) {
        PaymentConfig.Play play = config.play();
        if (play.packageName().isEmpty()) {
            this.consumer = null;
            this.serviceAccount = null;
            return;
        }
        String audience = play.pushAudience().orElseThrow(() -> new IllegalStateException(
                "payment.play.push-audience is required when payment.play.package-name is set"));
        this.serviceAccount = play.pushServiceAccount().orElseThrow(() -> new IllegalStateException(
                "payment.play.push-service-account is required when payment.play.package-name is set"));
        // the key set is fetched once and again when a token names a key it does not hold (Google rotates them)
        HttpsJwks keys = new HttpsJwks(play.pushJwksUrl());
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuers(true, play.pushIssuers().toArray(String[]::new))
                .setExpectedAudience(audience)
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keys))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .build();
    }

    /** Fails with 401 invalid-push-token unless the Authorization header carries a valid push token. */
    public Uni<Void> verify(String authorization) {
        if (consumer == null) {
            return Uni.createFrom().failure(PlayService.notEnabled());
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().failure(invalid("no bearer token"));
        }
        String token = authorization.substring(7).trim();
        // fetching Google's keys blocks: a worker does it
        return VertxContextSupport.executeBlocking(() -> {
            JwtClaims claims;
            try {
                claims = consumer.processToClaims(token);
            } catch (InvalidJwtException e) {
                throw invalid(e.getErrorDetails().isEmpty() ? e.getMessage() : e.getErrorDetails().get(0).getErrorMessage());
            }
            try {
                if (!serviceAccount.equals(claims.getStringClaimValue("email"))
                        || !Boolean.TRUE.equals(claims.getClaimValue("email_verified", Boolean.class))) {
                    throw invalid("the token is not the push subscription's service account " + serviceAccount);
                }
            } catch (MalformedClaimException e) {
                throw invalid(e.getMessage());
            }
            return null;
        }).replaceWithVoid();
    }

    private static ProblemException invalid(String why) {
        return new ProblemException(401, "invalid-push-token", "Push not authenticated",
                "The push's OIDC token was refused (" + why + "); nothing happened");
    }
}
