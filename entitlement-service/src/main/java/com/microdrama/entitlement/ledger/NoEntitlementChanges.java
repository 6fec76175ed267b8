package com.microdrama.entitlement.ledger;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Used until entitlement events are published; replaced by providing another {@link EntitlementChanges} bean. */
@ApplicationScoped
@DefaultBean
public class NoEntitlementChanges implements EntitlementChanges {

    @Override
    public Uni<Void> granted(Entitlement entitlement, String causeEventId) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> ended(Entitlement entitlement, String causeEventId) {
        return Uni.createFrom().voidItem();
    }
}
