package com.microdrama.ops;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything ops-cli prints. Secrets it was given (Kafka's sasl.jaas.config and passwords, the
 * database passwords) are registered when they are read; every error line goes through {@link #redact} in
 * {@link OpsCli#configure}, as do the Kafka failure texts that reports carry. {@code password=…} pairs (a JAAS
 * line, a JDBC URL) are hidden even when their value was never registered.
 */
public final class Redaction {
    public static final String HIDDEN = "[hidden]";

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private static final Pattern PASSWORD_PAIR = Pattern.compile(
            "(?i)(password|secret)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s;&,)\"']+)");

    private Redaction() {
    }

    /** A value that must never be printed. Blank values and very short ones (no real secret) are not registered. */
    public static void register(String secret) {
        if (secret != null && secret.strip().length() >= 4) {
            SECRETS.add(secret);
        }
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        // longest first, so a secret that contains another is hidden whole
        List<String> secrets = SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : secrets) {
            out = out.replace(secret, HIDDEN);
        }
        Matcher m = PASSWORD_PAIR.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = m.group(3);
            String quote = value.startsWith("\"") ? "\"" : value.startsWith("'") ? "'" : "";
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + quote + HIDDEN + quote));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
