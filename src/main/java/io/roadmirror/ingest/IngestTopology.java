package io.roadmirror.ingest;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.NetworkView;
import io.roadmirror.state.PartitionTime;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.topics.Topic;
import io.roadmirror.topics.Topics;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Reads every input topic through one validation step (DESIGN.md "Guarantees"): sensor.readings,
 * vehicle.positions and incident.reports. Records that do not deserialize are dead-lettered by
 * {@link DeadLetterDeserializationHandler}; records that deserialize but break a rule by
 * {@link ValidationProcessor}. Out come the valid records, on event time.
 *
 * <p>road.network is not read here: every instance reads it whole into a global store
 * ({@link io.roadmirror.network.NetworkTopology}), and Kafka Streams cannot read one topic both
 * ways. The loader validates segments before writing them; a record that does not deserialize
 * anyway is skipped (counted), one that is not a valid segment reads as absent.
 */
public final class IngestTopology {
    /** The valid input, keyed as on the topics. */
    public record Outputs(
            KStream<String, SensorReading> readings,
            KStream<String, VehiclePosition> positions,
            KStream<String, IncidentReport> incidents) {}

    private final Topics topics;
    private final IngestThresholds rules;
    private final PipelineMetrics metrics;
    private final LongSupplier wallClock;
    private final NetworkView networkView;

    public IngestTopology(PipelineContext context, IngestThresholds rules) {
        this.topics = context.topics();
        this.rules = rules;
        this.metrics = context.metrics();
        this.wallClock = context.wallClock();
        this.networkView = context.networkView();
    }

    /** Reads the gateways' topics; its inputs are the topics themselves. */
    public Outputs build(StreamsBuilder builder) {
        KStream<String, SensorReading> readings =
                validated(builder, topics.sensorReadings, InputValidation::reading, true);
        KStream<String, VehiclePosition> positions =
                validated(builder, topics.vehiclePositions, InputValidation::position, true);
        KStream<String, IncidentReport> incidents =
                validated(builder, topics.incidentReports, InputValidation::incident, false);
        return new Outputs(readings, positions, incidents);
    }

    /** The store of a late-judged topic's partition times (an incident report is never late: it has none). */
    public static String partitionTimeStore(String topic) {
        return topic.replace('.', '-') + "-partition-time-store";
    }

    private <V> KStream<String, V> validated(
            StreamsBuilder builder, Topic<String, V> topic, ValidationProcessor.Rule<V> rule, boolean canBeLate) {
        String name = topic.name().replace('.', '-');
        String store = canBeLate ? partitionTimeStore(topic.name()) : null;
        if (store != null) {
            builder.addStateStore(StoreBuilders.versioned(store, PartitionTime.class));
        }
        return builder.stream(
                        topic.name(),
                        Consumed.with(topic.keySerde(), topic.valueSerde())
                                .withTimestampExtractor(new EventTimeExtractor(rules.maxFuture(), wallClock))
                                .withName(name + "-source"))
                .processValues(
                        () -> new ValidationProcessor<>(
                                topic.name(), rule, rules, metrics, wallClock, networkView, store),
                        Named.as("validate-" + name),
                        store == null ? new String[0] : new String[] {store});
    }
}
