package io.roadmirror.testing;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.sim.GatewayRecord;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Plays the simulator's gateway records into the pipeline's TopologyTestDriver as the gateways would
 * send them (each at its send time), for trials that run a simulated city through the very pipeline
 * topology without a broker.
 */
public final class SimulationFeed {
    private SimulationFeed() {}

    /**
     * @param played the segments whose input is played (a segment's mirror and forecasts depend on
     *               its own input alone); the others' records are passed over
     * @return how many records were piped
     */
    public static int pipe(PipelineTestDriver ttd, List<GatewayRecord> records, Predicate<String> played) {
        int piped = 0;
        for (GatewayRecord r : records) {
            Instant at = Instant.ofEpochMilli(r.sendAt());
            if (r.value() instanceof SensorReading reading && played.test(reading.getSegmentId())) {
                ttd.readings.pipeInput(r.key(), reading, at);
            } else if (r.value() instanceof VehiclePosition position && played.test(position.getSegmentId())) {
                ttd.positions.pipeInput(r.key(), position, at);
            } else if (r.value() instanceof IncidentReport incident && played.test(incident.getSegmentId())) {
                ttd.incidents.pipeInput(r.key(), incident, at);
            } else {
                continue;
            }
            piped++;
        }
        return piped;
    }
}
