package com.microdrama.insights.funnel;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * One memory budget for every RocksDB store of the instance (Kafka Streams' bounded-memory recipe): a shared LRU block
 * cache that also accounts for the memtables, instead of RocksDB's defaults per store (a 50 MB block cache and three
 * 16 MB memtables each: with nine stores in each of six partitions, and the global store of series owners, far more
 * than the pod has). Set by
 * {@code kafka-streams.rocksdb.config.setter}; the budget is the Streams property {@value #BUDGET}
 * ({@code kafka-streams.rocksdb.budget.bytes}, default 64 MB), read by the first store that opens
 * (docs/decisions/0035-insights-on-kafka-streams.md).
 */
public class BoundedRocksDb implements RocksDBConfigSetter {
    static final String BUDGET = "rocksdb.budget.bytes";
    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(Map<String, Object> configs) {
        if (cache == null) {
            Object configured = configs.get(BUDGET);
            if (configured == null) {
                throw new IllegalStateException("kafka-streams." + BUDGET + " is not set: RocksDB would have no budget");
            }
            long total = Long.parseLong(configured.toString());
            cache = new LRUCache(total, -1, false, 0.1);
            // a quarter of the budget for memtables, charged to the same cache
            writeBuffers = new WriteBufferManager(total / 4, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        init(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(4L << 20);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the instance and live as long as it
    }
}
