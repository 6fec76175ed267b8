package com.microdrama.e2e;

import com.microdrama.testsupport.RepositoryRoot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The services this module runs (deploy/local/services.sh) start from the AOT cache trained for their build
 * (docs/decisions/0032-java-25-aot-cache.md). A JVM that refuses its cache (another JDK build, a jar rebuilt in place,
 * a copy that lost the jars' times) starts anyway, only three times slower, so nothing else would notice.
 */
class AotCacheIT {
    private static final List<String> SERVICES = List.of("payment-service", "entitlement-service", "catalog-service",
            "insights-service");

    @Test
    void every_service_runs_with_its_aot_cache_mapped_and_no_cache_error() throws IOException {
        Path run = RepositoryRoot.find().resolve(".local/services");
        for (String service : SERVICES) {
            Path pidFile = run.resolve(service + ".pid");
            assertTrue(Files.isRegularFile(pidFile), service + " was not started by deploy/local/services.sh");
            String pid = Files.readString(pidFile).trim();
            Path maps = Path.of("/proc", pid, "maps");
            assertTrue(Files.exists(maps), service + " (pid " + pid + ") is not running");
            String cache = RepositoryRoot.find().resolve(service).resolve("target/quarkus-app/app.aot").toString();
            assertTrue(Files.readAllLines(maps).stream().anyMatch(line -> line.endsWith(cache)),
                    service + " has not mapped its AOT cache " + cache);
            // the JVM's own log (services.sh sends its warnings there): the cache's errors say why it was refused
            List<String> errors = Files.readAllLines(run.resolve(service + "-jvm.log")).stream()
                    .filter(line -> line.contains("[error") && line.contains("aot")).toList();
            assertEquals(List.of(), errors, service + "-jvm.log");
        }
    }
}
