package com.microdrama.ops.kafka;

import java.time.Instant;
import java.util.Set;

/**
 * Which records a command acts on. A record that is not a valid event has no type, so a --type filter never selects
 * it; --user matches the record key or the CloudEvents subject (user events carry the user id in both).
 */
public record RecordFilter(Set<String> types, Set<String> users, Instant fromTime, Instant toTime) {

    public static final RecordFilter ALL = new RecordFilter(Set.of(), Set.of(), null, null);

    public boolean matches(ParsedRecord r) {
        if (fromTime != null && r.timestamp().isBefore(fromTime)) {
            return false;
        }
        if (toTime != null && r.timestamp().isAfter(toTime)) {
            return false;
        }
        if (!types.isEmpty() && (r.event() == null || !types.contains(r.event().type()))) {
            return false;
        }
        if (!users.isEmpty()) {
            boolean byKey = r.key() != null && users.contains(r.key());
            boolean bySubject = r.event() != null && users.contains(r.event().subject());
            return byKey || bySubject;
        }
        return true;
    }

    public boolean selectsAll() {
        return types.isEmpty() && users.isEmpty() && fromTime == null && toTime == null;
    }
}
