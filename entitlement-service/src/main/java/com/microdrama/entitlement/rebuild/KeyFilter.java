package com.microdrama.entitlement.rebuild;

import java.util.BitSet;

/**
 * The keys (sources, event ids) the rebuild has written to the shadow tables so far, as a Bloom filter: "no" is
 * certain, "maybe" costs a lookup. Almost every record of a replay brings a key never seen before (a new unlock, a
 * new event id), so the batch only asks the database about the few that may exist. A few bits per key instead of
 * the keys themselves: a million sources take about 3 MB; more keys than it was sized for only make "maybe" more
 * frequent, never wrong. Sized so that a false "maybe" is rare even when full (about 1 in 100,000): while the shadow
 * tables have no keys yet, settling one costs a scan ({@link BulkLoad}).
 */
final class KeyFilter {

    private static final int HASHES = 16;
    /** About 1 in 100,000 false positives at the expected count, far fewer before it fills up. */
    private static final int BITS_PER_KEY = 24;
    private static final int MAX_BITS = 1 << 30;

    private final BitSet bits;
    private final int size;

    KeyFilter(long expectedKeys) {
        this.size = (int) Math.min(MAX_BITS, Math.max(1024, expectedKeys * BITS_PER_KEY));
        this.bits = new BitSet(size);
    }

    void add(String key) {
        long h = hash(key);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32);
        for (int i = 0; i < HASHES; i++) {
            bits.set(index(h1 + i * h2));
        }
    }

    boolean mayContain(String key) {
        long h = hash(key);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32);
        for (int i = 0; i < HASHES; i++) {
            if (!bits.get(index(h1 + i * h2))) {
                return false;
            }
        }
        return true;
    }

    private int index(int combined) {
        return Math.floorMod(combined, size);
    }

    /** 64-bit FNV-1a over the UTF-16 units, then a final mix so both halves are usable as independent hashes. */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
