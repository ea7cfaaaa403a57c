package io.roadmirror.forecasts;

import io.roadmirror.mirror.LiveState;
import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.network.NetworkView;
import io.roadmirror.network.Segment;
import io.roadmirror.state.ForecastProfile;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per segment, at most once per {@link ForecastThresholds#minInterval()} of event time: the mirror's new
 * state teaches the segment's history (profile and learned blend) its speed, and a forecast is made
 * from both ({@link Forecaster#step}). A state in between is passed over (one speed a minute is plenty
 * for 15-minute buckets and minute horizons, and the store is written once a minute per segment).
 */
final class ForecastProcessor implements Processor<String, SegmentEvent, String, SegmentForecast> {
    private final ForecastThresholds rules;
    private final MirrorThresholds mirrorRules;
    private final NetworkView networkView;
    private ProcessorContext<String, SegmentForecast> context;
    private KeyValueStore<String, ForecastProfile> profiles;
    private NetworkView.Reader network;

    ForecastProcessor(ForecastThresholds rules, MirrorThresholds mirrorRules, NetworkView networkView) {
        this.rules = rules;
        this.mirrorRules = mirrorRules;
        this.networkView = networkView;
    }

    @Override
    public void init(ProcessorContext<String, SegmentForecast> context) {
        this.context = context;
        this.profiles = context.getStateStore(ForecastTopology.STORE);
        this.network = networkView.reader(context);
    }

    @Override
    public void process(Record<String, SegmentEvent> record) {
        LiveState state = record.value().update().state();
        ForecastProfile stored = profiles.get(record.key());
        if (stored != null && !rules.due(stored.getLastForecastAt(), state.asOf())) {
            return; // before decoding the profile: most states are passed over
        }
        Optional<Segment> segment = network.segment(record.key());
        if (segment.isEmpty()) {
            return; // left the network since the mirror evaluated it
        }
        Double speed = state.congestion() == CongestionLevel.UNKNOWN ? null : state.speedKph();
        Forecaster.step(
                        stored == null ? null : ProfileCodec.fromStored(stored, rules),
                        segment.get(),
                        state.asOf(),
                        speed,
                        !state.openIncidentIds().isEmpty(),
                        rules,
                        mirrorRules)
                .ifPresent(step -> {
                    profiles.put(record.key(), ProfileCodec.toStored(step.history(), rules));
                    context.forward(new Record<>(record.key(), step.forecast().toAvro(), state.asOf()));
                });
    }
}
