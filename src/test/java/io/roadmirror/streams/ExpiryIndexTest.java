package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ExpiryIndexTest {
    private KeyValueStore<String, String> store;
    private ExpiryIndex index;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("index"), Serdes.String(), Serdes.String())
                .withLoggingDisabled()
                .build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        index = new ExpiryIndex(store);
    }

    private List<String> entries() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining((KeyValue<String, String> kv) -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void dueKeysComeOutOldestFirstAndOnlyOnce() {
        index.reschedule("b", null, 2_000L);
        index.reschedule("a", null, 1_000L);
        index.reschedule("c", null, 9_000L);
        assertEquals(List.of("a", "b"), index.takeDue(2_000));
        assertEquals(List.of(), index.takeDue(2_000));
        assertEquals(List.of("c"), index.takeDue(10_000));
    }

    @Test
    void aLaterTimeLeavesTheEarlierEntryAloneAndAnEarlierOneMovesIt() {
        Long at = index.keepNoLaterThan("seg", null, 1_000L);
        assertEquals(1_000L, at);
        for (long wanted = 1_030; wanted < 2_000; wanted += 30) {
            at = index.keepNoLaterThan("seg", at, wanted); // a segment that keeps reporting: no index writes
        }
        assertEquals(1_000L, at);
        assertEquals(1, entries().size());
        at = index.keepNoLaterThan("seg", at, 500L);
        assertEquals(500L, at);
        assertEquals(List.of("seg"), index.takeDue(600), "moved, not added: one entry");
        assertEquals(List.of(), index.takeDue(5_000));
    }

    @Test
    void nothingWantedRemovesTheEntry() {
        Long at = index.keepNoLaterThan("seg", null, 1_000L);
        assertEquals(null, index.keepNoLaterThan("seg", at, null));
        assertEquals(List.of(), entries());
    }

    @Test
    void anEntryScheduledBehindTimesAlreadyTakenIsStillFound() {
        index.reschedule("a", null, 5_000L);
        assertEquals(List.of("a"), index.takeDue(5_000));
        index.reschedule("late", null, 1_000L); // an input behind what was already evaluated
        assertEquals(List.of("late"), index.takeDue(5_000), "the scan starts no later than the earliest entry");
    }

    @Test
    void anIndexReadAfterARestartFindsWhatTheOldOneLeft() {
        index.reschedule("a", null, 1_000L);
        index.reschedule("b", null, 7_000L);
        index.takeDue(2_000);
        ExpiryIndex restarted = new ExpiryIndex(store);
        assertEquals(List.of("b"), restarted.takeDue(8_000));
    }
}
