package io.roadmirror.advisories;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roadmirror.model.AdvisoryKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The advisory id rule as plain Java: unique per advisory, and the same ids for the same sequence of advisories. */
class AdvisoryIdsTest {
    private static final long T = 1_773_643_270_000L;

    @Test
    void theFirstAdvisoryOfAKindAtAnEventTimeKeepsTheFamiliarId() {
        assertEquals(
                "N0401-N0402@1773643270000-congestion",
                AdvisoryIds.next("N0401-N0402", T, AdvisoryKind.CONGESTION, id -> false));
        assertEquals("A-B@" + T + "-cleared", AdvisoryIds.nth("A-B", T, AdvisoryKind.CLEARED, 1));
    }

    @Test
    void aFurtherAdvisoryOfTheSameKindAtTheSameEventTimeGetsTheNextNumber() {
        Set<String> issued = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = AdvisoryIds.next("A-B", T, AdvisoryKind.CONGESTION, issued::contains);
            issued.add(id);
            ids.add(id);
        }
        assertEquals(
                List.of("A-B@" + T + "-congestion", "A-B@" + T + "-congestion-2", "A-B@" + T + "-congestion-3"), ids);
    }

    @Test
    void otherKindsTimesAndSegmentsDoNotCount() {
        Set<String> issued = Set.of(AdvisoryIds.nth("A-B", T, AdvisoryKind.CONGESTION, 1));
        assertEquals("A-B@" + T + "-cleared", AdvisoryIds.next("A-B", T, AdvisoryKind.CLEARED, issued::contains));
        assertEquals(
                "A-B@" + (T + 1000) + "-congestion",
                AdvisoryIds.next("A-B", T + 1000, AdvisoryKind.CONGESTION, issued::contains));
        assertEquals("A-C@" + T + "-congestion", AdvisoryIds.next("A-C", T, AdvisoryKind.CONGESTION, issued::contains));
    }

    @Test
    void theSameSequenceOfAdvisoriesGetsTheSameIdsOnEveryRun() {
        AdvisoryKind[] sequence = {
            AdvisoryKind.CONGESTION, AdvisoryKind.CONGESTION, AdvisoryKind.CLEARED, AdvisoryKind.CONGESTION
        };
        assertEquals(idsFor(sequence), idsFor(sequence));
        assertEquals(
                List.of(
                        "A-B@" + T + "-congestion",
                        "A-B@" + T + "-congestion-2",
                        "A-B@" + T + "-cleared",
                        "A-B@" + T + "-congestion-3"),
                idsFor(sequence),
                "raised, re-raised, cleared and raised again at one event time");
    }

    @Test
    void aNumberedIdIsNeverAnotherAdvisorysFirstId() {
        // A kind is never a number, so "...-congestion-2" cannot be the first id of any segment, time and kind.
        for (AdvisoryKind kind : AdvisoryKind.values()) {
            for (AdvisoryKind other : AdvisoryKind.values()) {
                assertNotEquals(AdvisoryIds.nth("A-B", T, kind, 2), AdvisoryIds.nth("A-B", T, other, 1));
                assertNotEquals(AdvisoryIds.nth("A", T, kind, 2), AdvisoryIds.nth("A-B", T, other, 1));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> AdvisoryIds.nth("A-B", T, AdvisoryKind.CONGESTION, 0));
    }

    private static List<String> idsFor(AdvisoryKind... kinds) {
        Set<String> issued = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (AdvisoryKind kind : kinds) {
            String id = AdvisoryIds.next("A-B", T, kind, issued::contains);
            issued.add(id);
            ids.add(id);
        }
        return ids;
    }
}
