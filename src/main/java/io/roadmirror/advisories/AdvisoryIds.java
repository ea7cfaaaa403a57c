package io.roadmirror.advisories;

import io.roadmirror.model.AdvisoryKind;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Advisory ids: {@code <segmentId>@<eventTime>-<kind>} for the first advisory of a kind on a segment
 * at an event time, {@code ...-<kind>-2}, {@code -3} for any further one at that same time (a
 * re-issue at the same event time must not reuse an id, or a consumer that keys by id loses it).
 * Made only from what the advisory processor has seen, so the same input gives the same ids on
 * any run, after any restart: what the exactly-once comparison of two runs relies on.
 */
public final class AdvisoryIds {
    private AdvisoryIds() {}

    /** The id of the {@code n}-th advisory (from 1) of this kind on the segment at this event time. */
    public static String nth(String segmentId, long eventTime, AdvisoryKind kind, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("advisories are counted from 1: " + n);
        }
        String base = segmentId + "@" + eventTime + "-" + kind.name().toLowerCase(Locale.ROOT);
        return n == 1 ? base : base + "-" + n;
    }

    /**
     * The first id of this kind, segment and event time not yet issued.
     *
     * @param issued whether an id was issued already (the processor asks its advisory log, which holds every
     *               advisory of the retention window and is restored with the rest of its state)
     */
    public static String next(String segmentId, long eventTime, AdvisoryKind kind, Predicate<String> issued) {
        int n = 1;
        String id = nth(segmentId, eventTime, kind, n);
        while (issued.test(id)) {
            id = nth(segmentId, eventTime, kind, ++n);
        }
        return id;
    }
}
