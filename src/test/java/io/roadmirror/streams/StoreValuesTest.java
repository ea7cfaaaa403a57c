package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.advisories.AdvisoryMemory;
import io.roadmirror.advisories.AdvisoryStores;
import io.roadmirror.hotspots.HotspotStores;
import io.roadmirror.hotspots.HotspotThresholds;
import io.roadmirror.hotspots.IncidentHistory;
import io.roadmirror.incidents.IncidentState;
import io.roadmirror.incidents.IncidentStores;
import io.roadmirror.incidents.VehicleTrack;
import io.roadmirror.mirror.LiveState;
import io.roadmirror.mirror.MirrorStores;
import io.roadmirror.mirror.StateHistory;
import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.Detour;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.RoutingAdvisory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the stores and internal topics hold survives the round trip exactly, and old or foreign bytes are handled. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StoreValuesTest {
    private static final LiveState STATE =
            new LiveState("A-B", 5, CongestionLevel.SLOW, 30.5, null, 12.0, 118.0, 72.0, 2, 1, List.of("i"), 4L);
    private static final StateHistory HISTORY = StateHistory.empty()
            .with(STATE)
            .with(new LiveState(
                    "A-B", 9, CongestionLevel.UNKNOWN, null, null, null, 72.0, 72.0, 0, 0, List.of(), null));

    static final RoutingAdvisory ADVISORY = RoutingAdvisory.newBuilder()
            .setAdvisoryId("A-B@7-closure")
            .setSegmentId("A-B")
            .setKind(AdvisoryKind.CLOSURE)
            .setSeverity(AdvisorySeverity.CRITICAL)
            .setEventTime(Instant.ofEpochMilli(7))
            .setIssuedAt(Instant.ofEpochMilli(8))
            .setCongestion(CongestionLevel.STOPPED)
            .setIncidentIds(List.of("c"))
            .setMessage("Closed.")
            .setDetour(new Detour(List.of("B-C", "C-A"), 93.5, null, null))
            .setApproachSegmentIds(List.of("Z-A"))
            .setValidUntil(Instant.ofEpochMilli(900_007))
            .build();

    private static <T> void roundTrip(T value, Serde<T> serde) {
        assertEquals(
                value, serde.deserializer().deserialize("t", serde.serializer().serialize("t", value)));
    }

    @Test
    void everyStoredValueRoundTripsThroughItsVersionedSchema() {
        roundTrip(HISTORY, MirrorStores.histories());
        roundTrip(new VehicleTrack("v", "A-B", 3.5, 4, true, 9, 0.0), IncidentStores.tracks());
        roundTrip(
                new IncidentState("i", "A-B", IncidentType.ROADWORK, 1, false, IncidentSource.OPERATOR, 1, 2, null),
                IncidentStores.incidents());
        roundTrip(
                new IncidentState("i", "A-B", IncidentType.CRASH, 4, true, IncidentSource.DETECTED, 1, 2, "two cars"),
                IncidentStores.incidents());
        IncidentHistory history = IncidentHistory.empty()
                .withOpening(new IncidentHistory.Entry("i", 3, 2))
                .withOpening(new IncidentHistory.Entry("c", 4, 3, true, true));
        roundTrip(history, HotspotStores.histories());
        roundTrip(history.published(history.assess(10, HotspotThresholds.DEFAULTS)), HotspotStores.histories());
        roundTrip(
                new AdvisoryMemory(AdvisoryKind.CLOSURE, AdvisorySeverity.CRITICAL, List.of("c"), 7, null),
                AdvisoryStores.memories());
        roundTrip(
                new AdvisoryMemory(AdvisoryKind.CONGESTION, AdvisorySeverity.WARNING, List.of(), 7, 93.5),
                AdvisoryStores.memories());
        roundTrip(ADVISORY, AdvisoryStores.log());
    }

    @Test
    void theAdvisoryLogWrittenBeforeVersionedStateIsReadInPlace() throws IOException {
        // The release before wrote the log with Avro's own single-object encoder: the same bytes, so no reset is
        // needed.
        ByteBuffer written = new BinaryMessageEncoder<RoutingAdvisory>(
                        SpecificData.getForClass(RoutingAdvisory.class), RoutingAdvisory.getClassSchema())
                .encode(ADVISORY);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        assertEquals(ADVISORY, AdvisoryStores.log().deserializer().deserialize("advisory-log-store", bytes));
    }

    @Test
    void aStoreValueInThePreviousBinaryFormIsRefusedWithWhatToDo() {
        // Before versioned state these stores held a binary form with a shape fingerprint (here an empty hotspot
        // history as that release wrote it): one reset moves a deployment over.
        byte[] old = {1, -51, 35, -2, -17, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        SerializationException e = assertThrows(
                SerializationException.class,
                () -> HotspotStores.histories().deserializer().deserialize("hotspot-store-changelog", old));
        assertTrue(e.getMessage().contains("kafka-streams-application-reset"), e.getMessage());
    }
}
