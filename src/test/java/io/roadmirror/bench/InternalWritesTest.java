package io.roadmirror.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InternalWritesTest {
    @Test
    void countsWhatEachTopicGainedMostFirstAndLeavesOutTopicsThatDidNotMove() {
        Map<String, Long> before = Map.of(
                "vehicle-track-store-changelog", 1_000L,
                "segment-inputs-repartition", 5_000L,
                "mirror-clock-store-changelog", 40L);
        Map<String, Long> after = Map.of(
                "vehicle-track-store-changelog", 3_000L,
                "segment-inputs-repartition", 9_000L,
                "mirror-clock-store-changelog", 40L,
                "mirror-changes-store-changelog", 2_000L); // created during the drain: counted from 0
        Map<String, Long> written = InternalWrites.between(before, after);
        assertEquals(
                List.of(
                        "segment-inputs-repartition",
                        "mirror-changes-store-changelog",
                        "vehicle-track-store-changelog"),
                List.copyOf(written.keySet()),
                "most first, ties by name, the clock that did not move left out");
        assertEquals(4_000L, written.get("segment-inputs-repartition"));
        assertEquals(2_000L, written.get("mirror-changes-store-changelog"));
    }
}
