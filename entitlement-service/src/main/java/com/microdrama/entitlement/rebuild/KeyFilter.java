package com.microdrama.entitlement.rebuild;

/**
 * The keys (sources, event ids) the rebuild has written to the shadow tables so far, as a Bloom filter: "no" is
 * certain, "maybe" costs a lookup. Almost every record of a replay brings a key never seen before (a new unlock, a
 * new event id), so the batch only asks the database about the few that may exist. A few bits per key instead of
 * the keys themselves: a million keys take 4 MB; more keys than it was sized for only make "maybe" more frequent,
 * never wrong.
 *
 * <p>Blocked: all of a key's bits lie in one 512-bit block (a cache line), so adding or asking touches one line of
 * memory instead of sixteen scattered over megabytes (those misses were 15 % of a rebuild's writing thread;
 * docs/decisions/0037-rebuild-cpu-per-event.md). Blocks fill unevenly, so it takes 32 bits a key where a plain filter
 * took 24 for the same rate: about 1 false "maybe" in 200,000 when full, 1 in 2,000,000 on average while it fills,
 * which matters because settling one costs a scan while the shadow tables have no keys yet ({@link BulkLoad}).
 */
final class KeyFilter {

    private static final int HASHES = 16;
    private static final int BITS_PER_KEY = 32;
    private static final int BLOCK_BITS = 512;
    private static final int WORDS_PER_BLOCK = BLOCK_BITS / 64;
    private static final int MAX_BLOCKS = 1 << 21;

    private final long[] words;
    private final int blocks;

    KeyFilter(long expectedKeys) {
        this.blocks = (int) Math.min(MAX_BLOCKS, Math.max(2, expectedKeys * BITS_PER_KEY / BLOCK_BITS + 1));
        this.words = new long[blocks * WORDS_PER_BLOCK];
    }

    void add(String key) {
        long h = hash(key);
        int base = block(h) * WORDS_PER_BLOCK;
        long x = h;
        for (int i = 0; i < HASHES; i++) {
            x = next(x);
            int bit = (int) (x >>> 55); // 0..511
            words[base + (bit >>> 6)] |= 1L << bit;
        }
    }

    boolean mayContain(String key) {
        long h = hash(key);
        int base = block(h) * WORDS_PER_BLOCK;
        long x = h;
        for (int i = 0; i < HASHES; i++) {
            x = next(x);
            int bit = (int) (x >>> 55);
            if ((words[base + (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key's next position in its block, from the top bits of a 64-bit LCG (Knuth's MMIX constants) seeded by its
     * hash: positions that behave as independent draws, which an arithmetic progression in the block did not (30
     * times the false "maybes").
     */
    private static long next(long x) {
        return x * 6364136223846793005L + 1442695040888963407L;
    }

    /** The block from the hash's upper half. */
    private int block(long h) {
        return (int) Long.remainderUnsigned(h >>> 32, blocks);
    }

    /** 64-bit FNV-1a over the UTF-16 units, then a final mix so every bit of it is usable. */
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
