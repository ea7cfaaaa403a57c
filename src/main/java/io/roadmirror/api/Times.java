package io.roadmirror.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times in the API are ISO-8601 UTC strings with milliseconds, always of the same length, so they
 * read well and sort as text in time order.
 */
final class Times {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {}

    static String iso(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    static String iso(Long epochMillis) {
        return epochMillis == null ? null : iso(epochMillis.longValue());
    }

    static String iso(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }
}
