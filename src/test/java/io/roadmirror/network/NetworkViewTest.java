package io.roadmirror.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.RoadSegment;
import io.roadmirror.streams.VersionedSerde;
import io.roadmirror.testing.TestNetworks;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Segment lookups answer from the shared snapshot, see changes within the refresh interval, and survive a failed snapshot. */
class NetworkViewTest {
    private static final Duration REFRESH = Duration.ofSeconds(30);
    private static final long T = 1_000_000L;

    private TimestampedKeyValueStore<String, RoadSegment> real;
    private final AtomicInteger storeReadsById = new AtomicInteger();
    private final AtomicInteger storeReadsWhole = new AtomicInteger();
    private boolean storeUnreadableWhole;
    private long wallNow = T;
    private NetworkView view;
    private NetworkView.Reader network;

    @BeforeEach
    void start() {
        real = Stores.timestampedKeyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(NetworkTopology.STORE),
                        Serdes.String(),
                        VersionedSerde.of(RoadSegment.class))
                .withLoggingDisabled()
                .build();
        real.init(new MockProcessorContext<>().getStateStoreContext(), real);
        view = new NetworkView(REFRESH);
        network = view.reader(observed(real), () -> wallNow);
        TestNetworks.triangle().segments().forEach(this::put);
    }

    @AfterEach
    void stop() {
        real.close();
    }

    /** The store as the view sees it: reads by id are counted, and reading it whole can be made to fail. */
    @SuppressWarnings("unchecked")
    private TimestampedKeyValueStore<String, RoadSegment> observed(
            TimestampedKeyValueStore<String, RoadSegment> store) {
        return (TimestampedKeyValueStore<String, RoadSegment>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {TimestampedKeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        storeReadsById.incrementAndGet();
                    }
                    if (method.getName().equals("all")) {
                        storeReadsWhole.incrementAndGet();
                        if (storeUnreadableWhole) {
                            throw new IllegalStateException("disk unreadable");
                        }
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** What the store's updater does with a road.network record. */
    private void put(Segment segment) {
        real.put(segment.id(), ValueAndTimestamp.make(NetworkCodec.toAvro(segment), T));
        view.changed();
    }

    private void remove(String id) {
        real.delete(id);
        view.changed();
    }

    private double speedLimitOf(String id) {
        return network.segment(id).orElseThrow().speedLimitKph();
    }

    @Test
    void aKnownSegmentIsAnsweredWithoutReadingTheStore() {
        for (int i = 0; i < 3; i++) {
            assertEquals(50.0, speedLimitOf("A-B"));
            assertTrue(network.contains("E-F"));
        }
        assertEquals(0, storeReadsById.get(), "answered from the decoded snapshot");
        assertEquals(TestNetworks.triangle().size(), network.network().size());
    }

    @Test
    void aSegmentAddedToTheNetworkIsKnownAtOnce() {
        assertFalse(network.contains("Q-R"));
        put(TestNetworks.segment("Q-R", "Quay", "Q", "R", 200, 30));
        assertTrue(network.contains("Q-R"));
        assertEquals(30.0, speedLimitOf("Q-R"));
    }

    @Test
    void anUnchangedNetworkIsNotDecodedAgain() {
        network.network();
        for (int i = 0; i < 10; i++) {
            wallNow += REFRESH.toMillis();
            assertTrue(network.contains("A-B"));
        }
        assertEquals(1, storeReadsWhole.get(), "built once; nothing in road.network changed since");
    }

    @Test
    void theSameSegmentsAgainKeepTheSnapshotSoRoutingKeepsItsGraph() {
        RoadNetwork before = network.network();
        put(TestNetworks.triangle().segment("A-B").orElseThrow()); // re-sent unchanged
        wallNow += REFRESH.toMillis();
        assertSame(before, network.network(), "rebuilt from the same segments: the very same network");
        put(TestNetworks.segment("A-B", "Main Street", "A", "B", 1000, 30));
        wallNow += REFRESH.toMillis();
        assertFalse(before == network.network(), "a changed segment makes a new network");
    }

    @Test
    void aChangedOrRemovedSegmentIsSeenWithinTheRefreshInterval() {
        assertEquals(50.0, speedLimitOf("A-B"));
        put(TestNetworks.segment("A-B", "Main Street", "A", "B", 1000, 70));
        remove("E-F");

        wallNow += REFRESH.toMillis();
        assertEquals(70.0, speedLimitOf("A-B"));
        assertFalse(network.contains("E-F"));
        assertFalse(network.network().contains("E-F"));
    }

    @Test
    void aSnapshotThatCannotBeBuiltLeavesTheLookupsToTheStore() {
        storeUnreadableWhole = true;
        assertEquals(50.0, speedLimitOf("A-B"), "read from the store");
        assertFalse(network.contains("Q-R"));
        assertThrows(IllegalStateException.class, network::network, "routing has no network to work on");

        storeUnreadableWhole = false;
        wallNow += REFRESH.toMillis();
        assertEquals(50.0, speedLimitOf("A-B"));
        int readsById = storeReadsById.get();
        assertEquals(50.0, speedLimitOf("A-B"));
        assertEquals(readsById, storeReadsById.get(), "the snapshot is back after the next refresh");
    }

    @Test
    void aFailedRebuildKeepsThePreviousSnapshot() {
        RoadNetwork before = network.network();
        storeUnreadableWhole = true;
        view.changed();
        wallNow += REFRESH.toMillis();
        assertSame(before, network.network());
        assertEquals(50.0, speedLimitOf("A-B"));
    }
}
