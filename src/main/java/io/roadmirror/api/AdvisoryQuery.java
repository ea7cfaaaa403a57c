package io.roadmirror.api;

import io.roadmirror.advisories.AdvisoryTopology;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which advisories to list, newest first: event time at or after {@code since} (epoch millis, null =
 * the whole 24 h log), of one segment (null = all), older than the cursor {@code before} (a key of
 * the advisory log, exclusive; null = from the newest), at most {@code limit}. A page ends where
 * the next one starts: {@link #nextCursor} of its last advisory.
 */
record AdvisoryQuery(Long since, String segmentId, String before, int limit) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** The advisory log's own order (event time, segment, id), newest first: pages follow it exactly. */
    static final Comparator<AdvisoryView> NEWEST_FIRST =
            Comparator.comparing(AdvisoryQuery::nextCursor).reversed();

    boolean matches(AdvisoryView advisory) {
        return segmentId == null || segmentId.equals(advisory.segmentId());
    }

    /** The advisory's key in the log: as {@code before}, it starts the page after it. */
    static String nextCursor(AdvisoryView advisory) {
        return AdvisoryTopology.logKey(
                Instant.parse(advisory.eventTime()).toEpochMilli(), advisory.segmentId(), advisory.advisoryId());
    }

    /** The newest {@code limit} of several instances' or partitions' answers. */
    static List<AdvisoryView> newestFirst(List<AdvisoryView> advisories, int limit) {
        return advisories.stream().sorted(NEWEST_FIRST).limit(limit).toList();
    }

    /** The same query for another instance's local endpoint. */
    String queryString() {
        return queryString(before);
    }

    /** This query from another cursor: the link to the next page. */
    String queryString(String cursor) {
        List<String> parts = new ArrayList<>();
        if (since != null) {
            parts.add("since=" + since);
        }
        if (segmentId != null) {
            parts.add("segment=" + encode(segmentId));
        }
        if (cursor != null) {
            parts.add("before=" + encode(cursor));
        }
        parts.add("limit=" + limit);
        return String.join("&", parts);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
