package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.access.Grant;
import com.microdrama.entitlement.access.GrantKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "entitlement")
public class Entitlement extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    /** Lower-case {@link GrantKind} wire value, as the table's check constraint expects. */
    @Column(nullable = false)
    public String kind;

    @Column(name = "episode_id")
    public String episodeId;

    @Column(name = "series_id")
    public String seriesId;

    @Column(name = "valid_from", nullable = false)
    public Instant validFrom;

    @Column(name = "valid_until")
    public Instant validUntil;

    /** The unlock id for purchases, the subscription id for VIP: what a refund names. */
    @Column(nullable = false, unique = true)
    public String source;

    @Column(name = "cause_event_id", nullable = false)
    public String causeEventId;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoke_event_id")
    public String revokeEventId;

    public static Entitlement create(String userId, GrantKind kind, String episodeId, String seriesId,
                                     Instant validFrom, Instant validUntil, String source, String causeEventId) {
        Entitlement e = new Entitlement();
        e.id = idFor(source);
        e.userId = userId;
        e.kind = kind.wire();
        e.episodeId = episodeId;
        e.seriesId = seriesId;
        e.validFrom = validFrom;
        e.validUntil = validUntil;
        e.source = source;
        e.causeEventId = causeEventId;
        return e;
    }

    /**
     * Derived from the source (unlock, subscription or admin action), so replaying the log into fresh tables gives
     * every entitlement the id clients and admins already know.
     */
    public static UUID idFor(String source) {
        // UUID.nameUUIDFromBytes's own steps (MD5, version 3, IETF variant) with a digest kept per thread: looking one
        // up for every call was 9 % of a rebuild's writing thread (docs/decisions/0037-rebuild-cpu-per-event.md)
        byte[] md5 = MD5.get().digest(("entitlement:" + source).getBytes(StandardCharsets.UTF_8));
        md5[6] &= 0x0f;
        md5[6] |= 0x30;
        md5[8] &= 0x3f;
        md5[8] |= (byte) 0x80;
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (md5[i] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 not supported", e);
        }
    });

    public GrantKind grantKind() {
        return GrantKind.fromWire(kind);
    }

    public Grant toGrant() {
        return new Grant(grantKind(), episodeId, seriesId, validFrom, validUntil, revokedAt);
    }
}
