package io.roadmirror.hotspots;

import io.roadmirror.model.HotspotLevel;
import io.roadmirror.state.HotspotLedger;
import io.roadmirror.state.HotspotStanding;
import io.roadmirror.state.IncidentOpening;
import io.roadmirror.streams.VersionedSerde;
import org.apache.kafka.common.serialization.Serde;

/** The hotspot store's values on their versioned internal schema, and the conversion to and from {@link IncidentHistory}. */
public final class HotspotStores {
    private HotspotStores() {}

    /** {@code hotspot-store}: an {@link IncidentHistory} as {@link HotspotLedger}. */
    public static Serde<IncidentHistory> histories() {
        return VersionedSerde.of(HotspotLedger.class).mapped(HotspotStores::toAvro, HotspotStores::fromAvro);
    }

    static HotspotLedger toAvro(IncidentHistory h) {
        IncidentHistory.Assessment p = h.lastPublished();
        return new HotspotLedger(
                h.entries().stream()
                        .map(e -> new IncidentOpening(
                                e.incidentId(), e.openedAt(), e.severity(), e.crash(), e.detectedCrash()))
                        .toList(),
                h.severitySum(),
                p == null
                        ? null
                        : new HotspotStanding(
                                p.level().name(),
                                p.incidentCount(),
                                p.severityScore(),
                                p.incidentIds(),
                                p.windowStart(),
                                p.windowEnd()));
    }

    static IncidentHistory fromAvro(HotspotLedger h) {
        HotspotStanding p = h.getLastPublished();
        return new IncidentHistory(
                h.getOpenings().stream()
                        .map(e -> new IncidentHistory.Entry(
                                e.getIncidentId(),
                                e.getOpenedAt(),
                                e.getSeverity(),
                                e.getCrash(),
                                e.getDetectedCrash()))
                        .toList(),
                h.getSeveritySum(),
                p == null
                        ? null
                        : new IncidentHistory.Assessment(
                                HotspotLevel.valueOf(p.getLevel()),
                                p.getIncidentCount(),
                                p.getSeverityScore(),
                                p.getIncidentIds(),
                                p.getWindowStart(),
                                p.getWindowEnd()));
    }
}
