import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Reconciles the topics of the local broker with deploy/local/topics.conf in one JVM call
 * (run as a single-file source program by platform.sh: java -cp '.local/kafka/lib/*' EnsureTopics.java ...).
 *
 * Usage: EnsureTopics <bootstrap> <topics.conf>            create missing topics, raise partitions, set configs
 *        EnsureTopics <bootstrap> <topics.conf> --describe  print partitions and listed configs, exit 1 on drift
 */
public class EnsureTopics {

    record Spec(String name, int partitions, Map<String, String> configs) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EnsureTopics <bootstrap> <topics.conf> [--describe]");
            System.exit(2);
        }
        String bootstrap = args[0];
        List<Spec> specs = parse(Path.of(args[1]));
        boolean describeOnly = args.length > 2 && args[2].equals("--describe");

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        int drift = 0;
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);

            if (!describeOnly) {
                List<NewTopic> missing = new ArrayList<>();
                for (Spec s : specs) {
                    if (!existing.contains(s.name())) {
                        missing.add(new NewTopic(s.name(), Optional.of(s.partitions()), Optional.empty()).configs(s.configs()));
                    }
                }
                if (!missing.isEmpty()) {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                    for (NewTopic t : missing) {
                        System.out.printf("  topic %-24s created (%d partitions %s)%n", t.name(), t.numPartitions(), t.configs());
                    }
                }
            }

            List<String> names = specs.stream().map(Spec::name).toList();
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(20, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(20, TimeUnit.SECONDS);

            Map<String, NewPartitions> grow = new LinkedHashMap<>();
            Map<ConfigResource, Collection<AlterConfigOp>> alter = new LinkedHashMap<>();
            for (Spec s : specs) {
                int actual = descriptions.get(s.name()).partitions().size();
                ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, s.name());
                Config cfg = configs.get(res);
                List<String> shown = new ArrayList<>();
                List<AlterConfigOp> ops = new ArrayList<>();
                for (Map.Entry<String, String> e : s.configs().entrySet()) {
                    ConfigEntry ce = cfg.get(e.getKey());
                    String value = ce == null ? null : ce.value();
                    shown.add(e.getKey() + "=" + value);
                    if (!Objects.equals(value, e.getValue())) {
                        ops.add(new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET));
                    }
                }
                if (actual < s.partitions()) {
                    grow.put(s.name(), NewPartitions.increaseTo(s.partitions()));
                }
                if (!ops.isEmpty()) {
                    alter.put(res, ops);
                }
                boolean ok = actual == s.partitions() && ops.isEmpty();
                if (!ok) {
                    drift++;
                }
                if (describeOnly) {
                    System.out.printf("%-24s partitions=%d %s%s%n", s.name(), actual, String.join(" ", shown),
                            ok ? "" : "   <-- differs from topics.conf (" + s.partitions() + " " + s.configs() + ")");
                } else if (actual > s.partitions()) {
                    System.out.printf("  topic %-24s has %d partitions, more than the %d listed (partitions can't shrink; "
                            + "delete .local/kafka to start over)%n", s.name(), actual, s.partitions());
                }
            }
            if (!describeOnly) {
                if (!grow.isEmpty()) {
                    admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
                    grow.forEach((n, p) -> System.out.printf("  topic %-24s partitions raised to %d%n", n, p.totalCount()));
                }
                if (!alter.isEmpty()) {
                    admin.incrementalAlterConfigs(alter).all().get(30, TimeUnit.SECONDS);
                    alter.forEach((r, ops) -> System.out.printf("  topic %-24s configs set %s%n", r.name(),
                            ops.stream().map(o -> o.configEntry().name() + "=" + o.configEntry().value()).toList()));
                }
                System.out.printf("  topics ok: %s%n", String.join(", ", names));
            }
        }
        System.exit(describeOnly && drift > 0 ? 1 : 0);
    }

    static List<Spec> parse(Path file) throws Exception {
        List<Spec> specs = new ArrayList<>();
        int lineNo = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNo++;
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'name partitions [k=v,...]': " + raw);
            }
            Map<String, String> configs = new LinkedHashMap<>();
            if (parts.length == 3) {
                for (String kv : parts[2].split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException(file + ":" + lineNo + ": bad config '" + kv + "'");
                    }
                    configs.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            specs.add(new Spec(parts[0], Integer.parseInt(parts[1]), configs));
        }
        return specs;
    }
}
