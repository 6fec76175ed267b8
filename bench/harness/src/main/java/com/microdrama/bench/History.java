package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/results/history.jsonl: one line per run (full, visible, rebuild, gets, faults; never a smoke run), in the
 * order they ran, with its result file's name, when it started, its command, the load and every headline key it has.
 * The full file of a run stays in .local/bench/results/ on the machine that made it.
 */
final class History {
    static final String FILE = "history.jsonl";
    private static final Pattern STAMP = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z");

    /** The history line of the result {@code r} that was written as {@code file}. */
    static ObjectNode line(String file, JsonNode r) {
        ObjectNode line = Api.JSON.createObjectNode();
        line.put("file", file);
        JsonNode run = r.path("run");
        line.put("started", run.path("started").asText(startedFromName(file)));
        line.put("mode", mode(file, run));
        line.put("load_average_start", run.path("load_average_start").asText(""));
        for (Metrics.Metric m : Metrics.HEADLINE) {
            JsonNode n = m.in(r);
            if (n != null) {
                line.set(m.key(), n);
            }
        }
        if (r.has("error")) {
            line.set("error", r.get("error"));
        }
        return line;
    }

    /** The command from the file name's prefix: the oldest files named their mode badly (a faults run said "--help"). */
    private static String mode(String file, JsonNode run) {
        int dash = file.indexOf('-');
        if (dash > 0 && !Character.isDigit(file.charAt(0))) {
            return file.substring(0, dash);
        }
        return run.path("mode").asText("bench");
    }

    /** {@code [prefix-]yyyyMMddTHHmmssZ[...].json} → an ISO instant; "" when the name carries no time. */
    static String startedFromName(String file) {
        Matcher m = STAMP.matcher(file);
        return m.find() ? "%s-%s-%sT%s:%s:%sZ".formatted(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)) : "";
    }

    private History() {
    }
}
