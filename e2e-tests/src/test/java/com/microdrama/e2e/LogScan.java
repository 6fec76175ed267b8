package com.microdrama.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never be in a service's log (docs/decisions/0028-structured-logs.md): a bearer token or any JWT, a
 * configured secret, an e-mail address, a card number. Findings name the line and what was found, never the value.
 */
final class LogScan {
    /** A finding: where, and which rule; the value itself stays out of the report (it is a secret). */
    record Finding(String source, int line, String rule) {
        @Override
        public String toString() {
            return source + ":" + line + " " + rule;
        }
    }

    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    /**
     * Visa, Mastercard, Amex and Discover lengths and prefixes, standing alone (a hex trace or span id can start with 16
     * digits that pass Luhn, one in ten: not a card); a Luhn check keeps ids and timestamps out.
     */
    private static final Pattern CARD = Pattern.compile("(?<![0-9A-Za-z])(4\\d{15}|5[1-5]\\d{14}|3[47]\\d{13}|6011\\d{12})(?![0-9A-Za-z])");
    /** Shorter values could turn up by chance; every generated local secret is 32 characters or more. */
    private static final int SHORTEST_SECRET = 12;

    private LogScan() {
    }

    /** Every finding in {@code lines} of {@code source}, checking each value of {@code secrets} (name → value). */
    static List<Finding> leaks(String source, List<String> lines, Map<String, String> secrets) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            if (BEARER.matcher(line).find()) {
                findings.add(new Finding(source, number, "bearer token"));
            }
            if (JWT.matcher(line).find()) {
                findings.add(new Finding(source, number, "JWT"));
            }
            if (EMAIL.matcher(line).find()) {
                findings.add(new Finding(source, number, "e-mail address"));
            }
            Matcher card = CARD.matcher(line);
            while (card.find()) {
                if (luhn(card.group(1))) {
                    findings.add(new Finding(source, number, "card number"));
                    break;
                }
            }
            secrets.forEach((name, value) -> {
                if (value.length() >= SHORTEST_SECRET && line.contains(value)) {
                    findings.add(new Finding(source, number, "secret " + name));
                }
            });
        }
        return findings;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
