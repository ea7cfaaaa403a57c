package io.roadmirror.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses one configuration value from text; throws {@link IllegalArgumentException} whose message
 * says what was expected (it becomes part of the start-up error).
 */
@FunctionalInterface
public interface ValueParser<T> {
    T parse(String text);

    static ValueParser<String> string() {
        return text -> text;
    }

    static ValueParser<String> nonEmpty() {
        return text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return text.trim();
        };
    }

    static ValueParser<Integer> integer(int min, int max) {
        return text -> {
            int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
            }
            return value;
        };
    }

    static ValueParser<Long> longValue(long min, long max) {
        return text -> {
            long value;
            try {
                value = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
            }
            return value;
        };
    }

    static ValueParser<Double> decimal(double min, double max) {
        return text -> {
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number");
            }
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException("expected a number from " + min + " to " + max);
            }
            return value;
        };
    }

    static ValueParser<Boolean> bool() {
        return text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    static ValueParser<Integer> port() {
        return integer(1, 65535);
    }

    /** A duration as ISO-8601 ({@code PT3M}) or short form ({@code 500ms}, {@code 30s}, {@code 3m}, {@code 24h}, {@code 1d}). */
    static ValueParser<Duration> duration(Duration min) {
        return text -> {
            Duration d = Durations.parse(text);
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException("expected a duration of at least " + Durations.format(min));
            }
            return d;
        };
    }

    /** A comma-separated list of host:port pairs, as Kafka's bootstrap.servers. */
    static ValueParser<String> hostPortList() {
        return text -> {
            String[] parts = text.split(",");
            List<String> clean = new ArrayList<>();
            for (String part : parts) {
                String p = part.trim();
                int colon = p.lastIndexOf(':');
                if (colon <= 0 || colon == p.length() - 1) {
                    throw new IllegalArgumentException("expected host:port[,host:port...], e.g. localhost:9092");
                }
                try {
                    int port = Integer.parseInt(p.substring(colon + 1));
                    if (port < 1 || port > 65535) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "'" + p + "' has no valid port; expected host:port, e.g. localhost:9092");
                }
                clean.add(p);
            }
            return String.join(",", clean);
        };
    }

    /** One host:port pair, e.g. the address other instances use to reach this one. */
    static ValueParser<String> hostPort() {
        ValueParser<String> list = hostPortList();
        return text -> {
            if (text.contains(",")) {
                throw new IllegalArgumentException("expected one host:port, e.g. roadmirror-1:8080");
            }
            return list.parse(text);
        };
    }

    /** A comma-separated list of http(s) URLs. */
    static ValueParser<List<URI>> httpUrls() {
        return text -> {
            List<URI> urls = new ArrayList<>();
            for (String part : text.split(",")) {
                String p = part.trim();
                URI uri;
                try {
                    uri = URI.create(p);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + p + "' is not a URL; expected e.g. http://localhost:8081");
                }
                if (uri.getScheme() == null
                        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                        || uri.getHost() == null) {
                    throw new IllegalArgumentException(
                            "'" + p + "' is not an http(s) URL; expected e.g. http://localhost:8081");
                }
                urls.add(uri);
            }
            return List.copyOf(urls);
        };
    }
}
