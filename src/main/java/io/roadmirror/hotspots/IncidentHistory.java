package io.roadmirror.hotspots;

import io.roadmirror.model.HotspotLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The incidents opened on one segment within the trailing window, oldest first, with their
 * severity sum kept as they come and go: evaluating a segment never scans a day of history.
 * Clearing an incident does not remove it: a hotspot is about where incidents keep happening.
 *
 * @param lastPublished the level, count and score last published, or null if nothing was yet
 */
public record IncidentHistory(List<Entry> entries, int severitySum, Assessment lastPublished) {

    /**
     * One distinct incident opening.
     *
     * @param detectedCrash a CRASH found by the pipeline's own detector (it may be the same crash someone reports)
     */
    public record Entry(String incidentId, long openedAt, int severity, boolean crash, boolean detectedCrash) {
        public Entry(String incidentId, long openedAt, int severity) {
            this(incidentId, openedAt, severity, false, false);
        }

        /** A detected crash and a reported crash opened within this of each other are one crash. */
        static final long SAME_CRASH_MS = 15 * 60_000;

        boolean sameCrashAs(Entry other) {
            return crash
                    && other.crash
                    && detectedCrash != other.detectedCrash
                    && Math.abs(openedAt - other.openedAt) <= SAME_CRASH_MS;
        }
    }

    /** A segment's hotspot standing at one evaluation. */
    public record Assessment(
            HotspotLevel level,
            int incidentCount,
            int severityScore,
            List<String> incidentIds,
            long windowStart,
            long windowEnd) {
        public Assessment {
            incidentIds = List.copyOf(incidentIds);
        }

        boolean sameStandingAs(Assessment other) {
            return other != null
                    && level == other.level
                    && incidentCount == other.incidentCount
                    && severityScore == other.severityScore;
        }
    }

    public IncidentHistory {
        entries = List.copyOf(entries);
    }

    public static IncidentHistory empty() {
        return new IncidentHistory(List.of(), 0, null);
    }

    /**
     * Adds a distinct incident opening. The same incident again (even reopened) changes nothing
     * (null), and neither does a crash the detector found that someone also reported (or the other
     * way round): two ids, one crash.
     */
    public IncidentHistory withOpening(Entry entry) {
        for (Entry e : entries) {
            if (e.incidentId().equals(entry.incidentId()) || e.sameCrashAs(entry)) {
                return null;
            }
        }
        List<Entry> next = new ArrayList<>(entries);
        next.add(entry);
        next.sort(Comparator.comparingLong(Entry::openedAt).thenComparing(Entry::incidentId));
        return new IncidentHistory(next, severitySum + entry.severity(), lastPublished);
    }

    /** Drops the openings that fell out of the window ending at {@code windowEnd} (only from the front). */
    public IncidentHistory expiredUntil(long windowEnd, HotspotThresholds rules) {
        long windowStart = windowEnd - rules.window().toMillis();
        int drop = 0;
        int sum = severitySum;
        while (drop < entries.size() && entries.get(drop).openedAt() <= windowStart) {
            sum -= entries.get(drop).severity();
            drop++;
        }
        return drop == 0 ? this : new IncidentHistory(entries.subList(drop, entries.size()), sum, lastPublished);
    }

    /** When the oldest opening leaves the window, or null when there is none. */
    public Long nextExpiry(HotspotThresholds rules) {
        return entries.isEmpty()
                ? null
                : entries.get(0).openedAt() + rules.window().toMillis();
    }

    public Assessment assess(long windowEnd, HotspotThresholds rules) {
        int count = entries.size();
        HotspotLevel level = count >= rules.threshold() || severitySum >= rules.severityScore()
                ? HotspotLevel.HOTSPOT
                : count == rules.threshold() - 1 && count > 0 ? HotspotLevel.WATCH : HotspotLevel.NONE;
        return new Assessment(
                level,
                count,
                severitySum,
                entries.stream().map(Entry::incidentId).toList(),
                windowEnd - rules.window().toMillis(),
                windowEnd);
    }

    /**
     * Whether this assessment is news: a different level, count or score than last published,
     * and not merely a segment that has always been below the watch level.
     */
    public boolean isNews(Assessment assessment) {
        if (assessment.sameStandingAs(lastPublished)) {
            return false;
        }
        boolean wasListed = lastPublished != null && lastPublished.level() != HotspotLevel.NONE;
        return assessment.level() != HotspotLevel.NONE || wasListed;
    }

    public IncidentHistory published(Assessment assessment) {
        return new IncidentHistory(entries, severitySum, assessment);
    }
}
