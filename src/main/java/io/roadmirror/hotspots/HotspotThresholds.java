package io.roadmirror.hotspots;

import java.time.Duration;

/**
 * When a segment is a hotspot (DESIGN.md "Hotspots").
 *
 * @param window         trailing event-time window of incident openings (24 h)
 * @param threshold      distinct incidents that make a HOTSPOT (3); one fewer is WATCH
 * @param severityScore  summed severity that makes a HOTSPOT regardless of the count (8)
 */
public record HotspotThresholds(Duration window, int threshold, int severityScore) {
    public static final HotspotThresholds DEFAULTS = new HotspotThresholds(Duration.ofHours(24), 3, 8);

    public HotspotThresholds {
        if (threshold < 1 || severityScore < 1) {
            throw new IllegalArgumentException("hotspot threshold and score must be at least 1");
        }
    }
}
