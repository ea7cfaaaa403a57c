package io.roadmirror.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which advisories to list: event time at or after {@code since} (epoch millis, null = the whole
 * 24 h log), of one segment (null = all), the newest {@code limit}.
 */
record AdvisoryQuery(Long since, String segmentId, int limit) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    boolean matches(AdvisoryView advisory) {
        return segmentId == null || segmentId.equals(advisory.segmentId());
    }

    /** The same query for another instance's local endpoint. */
    String queryString() {
        List<String> parts = new ArrayList<>();
        if (since != null) {
            parts.add("since=" + since);
        }
        if (segmentId != null) {
            parts.add("segment=" + URLEncoder.encode(segmentId, StandardCharsets.UTF_8));
        }
        parts.add("limit=" + limit);
        return String.join("&", parts);
    }
}
