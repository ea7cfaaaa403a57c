package io.roadmirror.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration: 500ms, 30s, 3m, 24h, 1d, or ISO-8601 (PT3M). */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 3m, 24h or PT3M");
        }
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms >= 86_400_000L && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms >= 3_600_000L && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms >= 60_000L && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
