package com.microdrama.deploychecks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's application.properties tells a deployment: the environment variables it reads (${VAR} and
 * ${VAR:default}), its property names, its Kafka channels. Only the production view counts: unprefixed keys and
 * %prod keys; %dev and %test lines are ignored.
 */
public final class AppProperties {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(:([^}]*))?}");
    private static final Pattern PROPERTY_REF = Pattern.compile("\\$\\{([a-z][^}:]*)(:([^}]*))?}");

    private final Map<String, String> properties;
    private final Map<String, Optional<String>> envReferences = new LinkedHashMap<>();

    private AppProperties(Map<String, String> properties) {
        this.properties = properties;
        for (String value : properties.values()) {
            Matcher m = ENV_REF.matcher(value);
            while (m.find()) {
                Optional<String> fallback = Optional.ofNullable(m.group(3));
                // A variable referenced twice, once with a default, is still optional.
                envReferences.merge(m.group(1), fallback, (a, b) -> a.isPresent() ? a : b);
            }
        }
    }

    public static AppProperties of(String service) {
        return load(Repo.applicationProperties(service));
    }

    public static AppProperties load(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public static AppProperties parse(List<String> lines) {
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> prod = new LinkedHashMap<>();
        StringBuilder pending = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (pending != null) {
                pending.append(line);
                if (line.endsWith("\\")) {
                    pending.setLength(pending.length() - 1);
                    continue;
                }
                line = pending.toString();
                pending = null;
            } else if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            } else if (line.endsWith("\\")) {
                pending = new StringBuilder(line.substring(0, line.length() - 1));
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (key.startsWith("%prod.")) {
                prod.put(key.substring("%prod.".length()), value);
            } else if (!key.startsWith("%")) {
                props.put(key, value);
            }
        }
        props.putAll(prod);
        return new AppProperties(props);
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** Variables referenced by the production configuration; the value is the default, if any. */
    public Map<String, Optional<String>> envReferences() {
        return envReferences;
    }

    public Set<String> requiredEnv() {
        Set<String> required = new LinkedHashSet<>();
        envReferences.forEach((name, fallback) -> {
            if (fallback.isEmpty()) {
                required.add(name);
            }
        });
        return required;
    }

    /** SmallRye Config's environment form of a property name: quarkus.http.port -> QUARKUS_HTTP_PORT. */
    public static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** True when setting this variable overrides a property the file sets. */
    public boolean isEnvFormOfProperty(String variable) {
        return properties.keySet().stream().anyMatch(p -> envName(p).equals(variable));
    }

    public boolean usesKafka() {
        return properties.containsKey("kafka.bootstrap.servers");
    }

    /** A PostgreSQL datasource (every service but insights-service, which keeps its state in Kafka Streams). */
    public boolean usesDatabase() {
        return properties.containsKey("quarkus.datasource.db-kind");
    }

    /** The Kafka Streams application id, if the service is one (its group, internal topics and transactions). */
    public java.util.Optional<String> kafkaStreamsApplicationId() {
        return java.util.Optional.ofNullable(properties.get("quarkus.kafka-streams.application-id"));
    }

    /** A property's value with ${VAR:default} and ${property} references resolved against the given environment. */
    public String resolve(String key, Map<String, String> env) {
        String value = properties.get(key);
        if (value == null) {
            return null;
        }
        for (int depth = 0; depth < 10 && value.contains("${"); depth++) {
            Matcher m = ENV_REF.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement = env.containsKey(m.group(1)) ? env.get(m.group(1))
                        : m.group(3) != null ? m.group(3) : "";
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            value = out.toString();
            Matcher p = PROPERTY_REF.matcher(value);
            out = new StringBuilder();
            while (p.find()) {
                String referenced = resolve(p.group(1), env);
                String replacement = referenced != null ? referenced : p.group(3) != null ? p.group(3) : "";
                p.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            p.appendTail(out);
            value = out.toString();
        }
        return value;
    }

    /** Kafka topics of mp.messaging channels, by direction ("incoming"/"outgoing"). */
    public Set<String> topics(String direction) {
        // A channel without a topic property reads/writes the topic named like the channel.
        Map<String, String> channelTopics = new LinkedHashMap<>();
        String prefix = "mp.messaging." + direction + ".";
        properties.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(key -> {
            String channel = key.substring(prefix.length(), key.indexOf('.', prefix.length()));
            channelTopics.putIfAbsent(channel, properties.getOrDefault(prefix + channel + ".topic", channel));
        });
        return new LinkedHashSet<>(channelTopics.values());
    }

    public Set<String> deadLetterTopics() {
        Set<String> topics = new LinkedHashSet<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".dead-letter-queue.topic")) {
                topics.add(value);
            }
        });
        return topics;
    }

    public Set<String> consumerGroups() {
        Set<String> groups = new LinkedHashSet<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id")) {
                groups.add(value);
            }
        });
        return groups;
    }
}
