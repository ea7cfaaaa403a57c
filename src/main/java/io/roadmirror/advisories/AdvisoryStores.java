package io.roadmirror.advisories;

import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.state.AdvisedCondition;
import io.roadmirror.streams.VersionedSerde;
import org.apache.kafka.common.serialization.Serde;

/** The advisory side's stores and internal topic on versioned schemas, and the conversion to and from its records. */
public final class AdvisoryStores {
    private AdvisoryStores() {}

    /** {@code advisory-store}: an {@link AdvisoryMemory} as {@link AdvisedCondition}. */
    public static Serde<AdvisoryMemory> memories() {
        return VersionedSerde.of(AdvisedCondition.class).mapped(AdvisoryStores::toAvro, AdvisoryStores::fromAvro);
    }

    /**
     * {@code advisory-log-store}: the contract's {@link RoutingAdvisory} as it is, in the same
     * single-object encoding; a compatible change to the contract ships the released schema in the
     * state history, so the day of advisories already logged is still read.
     */
    public static Serde<RoutingAdvisory> log() {
        return VersionedSerde.of(RoutingAdvisory.class);
    }

    static AdvisedCondition toAvro(AdvisoryMemory m) {
        return new AdvisedCondition(
                m.kind().name(), m.severity().name(), m.incidentIds(), m.issuedEventTime(), m.detourSeconds());
    }

    static AdvisoryMemory fromAvro(AdvisedCondition m) {
        return new AdvisoryMemory(
                AdvisoryKind.valueOf(m.getKind()),
                AdvisorySeverity.valueOf(m.getSeverity()),
                m.getIncidentIds(),
                m.getIssuedEventTime(),
                m.getDetourSeconds());
    }
}
