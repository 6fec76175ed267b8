package com.microdrama.ops.events;

import com.microdrama.ops.ExitCodes;
import com.microdrama.ops.kafka.KafkaOptions;
import com.microdrama.ops.kafka.RangeOptions;
import com.microdrama.ops.kafka.RecordFilter;
import com.microdrama.ops.kafka.RecordJson;
import com.microdrama.ops.kafka.TopicScanner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "events", description = "Read a topic as JSON lines (one per record).",
        subcommands = {EventsCommand.Dump.class, EventsCommand.Tail.class})
public class EventsCommand {

    abstract static class Read implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Mixin
        RangeOptions range;

        @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to read (e.g. payment-events)")
        String topic;

        @Option(names = "--max", paramLabel = "N", description = "Stop after printing N records")
        Long max;

        abstract boolean follow();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RecordFilter filter = range.filter();
            AtomicLong printed = new AtomicLong();
            AtomicLong scanned = new AtomicLong();
            AtomicBoolean stopped = new AtomicBoolean();
            try (Admin admin = kafka.admin(); KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
                TopicScanner.Plan plan = TopicScanner.plan(admin, consumer, topic, range, follow());
                Thread hook = new Thread(() -> {
                    stopped.set(true);
                    consumer.wakeup();
                });
                if (follow()) {
                    Runtime.getRuntime().addShutdownHook(hook);
                }
                try {
                    TopicScanner.scan(consumer, plan, stopped::get, r -> {
                        scanned.incrementAndGet();
                        if (filter.matches(r)) {
                            out.println(RecordJson.line(r));
                            out.flush();
                            long n = printed.incrementAndGet();
                            if (max != null && n >= max) {
                                return false;
                            }
                        }
                        return true;
                    });
                } finally {
                    if (follow()) {
                        try {
                            Runtime.getRuntime().removeShutdownHook(hook);
                        } catch (IllegalStateException shuttingDown) {
                            // Ctrl-C: the hook is already running
                        }
                    }
                }
                err.printf("%s: %d records scanned, %d printed%n", topic, scanned.get(), printed.get());
                err.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "dump", description = "Print the records of a range and stop at the end offsets captured at start.")
    public static class Dump extends Read {
        @Override
        boolean follow() {
            return false;
        }
    }

    @Command(name = "tail", description = "Follow a topic from its end (or from --from-offset/--from-time) until Ctrl-C or --max.")
    public static class Tail extends Read {
        @Override
        boolean follow() {
            return true;
        }
    }
}
