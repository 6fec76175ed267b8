package com.microdrama.events.viewer;

/** The text of a token claim or header value, unquoted and trimmed; null when absent or blank. */
final class ClaimText {

    private ClaimText() {
    }

    static String of(Object claim) {
        if (claim == null) {
            return null;
        }
        String text = claim.toString().trim();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        return text.isEmpty() ? null : text;
    }
}
