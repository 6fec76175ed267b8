package com.microdrama.deploychecks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** deploy/local/topics.conf: "name partitions [key=value,...]" per line, the local platform's topic settings. */
public final class TopicsConf {
    public record Topic(String name, int partitions, Map<String, String> config) {
    }

    private TopicsConf() {
    }

    public static Map<String, Topic> load() {
        Map<String, Topic> topics = new LinkedHashMap<>();
        try {
            for (String raw : Files.readAllLines(Repo.root().resolve("deploy/local/topics.conf"))) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                Map<String, String> config = new LinkedHashMap<>();
                if (parts.length > 2) {
                    for (String pair : parts[2].split(",")) {
                        String[] kv = pair.split("=", 2);
                        config.put(kv[0], kv[1]);
                    }
                }
                topics.put(parts[0], new Topic(parts[0], Integer.parseInt(parts[1]), config));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return topics;
    }
}
