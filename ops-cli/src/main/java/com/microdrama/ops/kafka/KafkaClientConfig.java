package com.microdrama.ops.kafka;

import com.microdrama.ops.OpsException;
import com.microdrama.ops.Redaction;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kafka client properties from the two standard places a container gets them: {@code KAFKA_*} environment variables
 * and a client properties file (typically mounted from a Secret). The env rule is the one of Confluent's and
 * Bitnami's images, which for client properties (no '_' or '-' in any name) gives the same names as Quarkus' env
 * mapping that the services use with the same ConfigMap:
 * <pre>
 *   strip KAFKA_, lower-case, then "___" -> "-", "__" -> "_", "_" -> "."
 *   KAFKA_SASL_JAAS_CONFIG -> sasl.jaas.config    KAFKA_SSL_TRUSTSTORE_TYPE -> ssl.truststore.type
 * </pre>
 * Only names that are a property of Kafka's admin, consumer or producer client are taken; others (a typo, Kubernetes'
 * service-link variables such as KAFKA_PORT) are reported as ignored. KAFKA_BOOTSTRAP_SERVERS is not mapped here: it
 * is the default of --bootstrap-servers.
 */
public final class KafkaClientConfig {
    public static final String ENV_PREFIX = "KAFKA_";
    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    private static final Set<String> CLIENT_PROPERTIES = clientProperties();
    private static final Set<String> PASSWORD_PROPERTIES = passwordProperties();
    private static final Pattern JAAS_USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password\\s*=\\s*\"([^\"]*)\"");

    private KafkaClientConfig() {
    }

    /** The client property an env variable stands for, if it follows the rule (whether or not Kafka knows it). */
    public static Optional<String> propertyName(String envName) {
        if (!envName.startsWith(ENV_PREFIX) || envName.length() == ENV_PREFIX.length() || envName.equals(BOOTSTRAP_ENV)) {
            return Optional.empty();
        }
        String rest = envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        // placeholders keep "___" and "__" from being split by the single-underscore rule
        String name = rest.replace("___", "\u0001").replace("__", "\u0002").replace('_', '.')
                .replace('\u0001', '-').replace('\u0002', '_');
        return Optional.of(name);
    }

    /** Whether Kafka's admin, consumer or producer client has this property. */
    public static boolean isClientProperty(String name) {
        return CLIENT_PROPERTIES.contains(name);
    }

    /** A property whose value is never printed: Kafka's PASSWORD-typed ones (sasl.jaas.config, ssl.*.password, …). */
    public static boolean isSecret(String name) {
        return PASSWORD_PROPERTIES.contains(name) || name.contains("password");
    }

    /**
     * The client properties in {@code env}; names that map to no client property go to {@code ignored}. Every secret
     * value is registered with {@link Redaction}.
     */
    public static Properties fromEnv(Map<String, String> env, List<String> ignored) {
        Properties p = new Properties();
        new TreeMap<>(env).forEach((variable, value) -> propertyName(variable).ifPresent(name -> {
            if (isClientProperty(name)) {
                p.setProperty(name, value);
            } else {
                ignored.add(variable);
            }
        }));
        registerSecrets(p);
        return p;
    }

    /** A standard client properties file (java.util.Properties syntax); an unknown property is a usage error. */
    public static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw OpsException.usage("cannot read --kafka-config " + file + ": " + e.getMessage());
        }
        registerSecrets(p);
        List<String> unknown = p.stringPropertyNames().stream().filter(n -> !isClientProperty(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw OpsException.usage("--kafka-config " + file + ": not Kafka client properties: " + String.join(", ", unknown));
        }
        return p;
    }

    /** key=value lines, sorted, with every secret value shown as [hidden]: for debug output and error messages. */
    public static String describe(Properties p) {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(asMap(p)).forEach((k, v) -> lines.add(k + "=" + (isSecret(k) ? Redaction.HIDDEN : v)));
        return String.join(", ", lines);
    }

    /** How the client authenticates, for error messages: protocol, mechanism and the JAAS user name (no secret). */
    public static String security(Properties p) {
        String protocol = p.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        StringBuilder s = new StringBuilder("security.protocol=").append(protocol);
        if (protocol.startsWith("SASL")) {
            s.append(", sasl.mechanism=").append(p.getProperty(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM));
            String jaas = p.getProperty(SaslConfigs.SASL_JAAS_CONFIG);
            if (jaas == null) {
                s.append(", no sasl.jaas.config");
            } else {
                Matcher m = JAAS_USERNAME.matcher(jaas);
                s.append(m.find() ? ", user " + m.group(1) : ", sasl.jaas.config without a username");
            }
        }
        return s.toString();
    }

    /** Every secret value, and the password inside a JAAS line on its own (a client error may quote just that). */
    private static void registerSecrets(Properties p) {
        p.stringPropertyNames().stream().filter(KafkaClientConfig::isSecret).map(p::getProperty).forEach(value -> {
            Redaction.register(value);
            Matcher m = JAAS_PASSWORD.matcher(value);
            while (m.find()) {
                Redaction.register(m.group(1));
            }
        });
    }

    private static Map<String, String> asMap(Properties p) {
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(n -> m.put(n, p.getProperty(n)));
        return m;
    }

    private static Set<String> clientProperties() {
        Set<String> names = new TreeSet<>();
        names.addAll(AdminClientConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        return Set.copyOf(names);
    }

    private static Set<String> passwordProperties() {
        Set<String> names = new TreeSet<>();
        Stream.of(AdminClientConfig.configDef(), ConsumerConfig.configDef(), ProducerConfig.configDef())
                .flatMap(d -> d.configKeys().values().stream())
                .filter(k -> k.type == ConfigDef.Type.PASSWORD)
                .forEach(k -> names.add(k.name));
        return Set.copyOf(names);
    }
}
