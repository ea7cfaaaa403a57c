package io.roadmirror.testing;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.sim.GatewayRecord;
import io.roadmirror.sim.SimulatorSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Plays the simulator's gateway records into the pipeline's TopologyTestDriver as the gateways would
 * send them (each at its send time), for trials that run a simulated city through the very pipeline
 * topology without a broker.
 */
public final class SimulationFeed {
    private SimulationFeed() {}

    /**
     * Plays one simulator step: outside the played hours of the day only incident reports (so incidents
     * stay open and closed as they were) and no wall-clock time; within them, every record and one
     * second of wall clock, whose heartbeats keep a quiet source from holding the watermark.
     *
     * @return how many records were piped
     */
    public static int playStep(PipelineTestDriver ttd, List<GatewayRecord> sent, boolean playing) {
        int piped = pipe(
                ttd,
                playing
                        ? sent
                        : sent.stream()
                                .filter(r -> r.value() instanceof IncidentReport)
                                .toList(),
                id -> true);
        if (playing) {
            ttd.advanceWallClock(Duration.ofSeconds(1));
        }
        return piped;
    }

    /** Whether event time {@code t} falls within [from, until) of its UTC day; from = until: the whole day. */
    public static boolean within(long t, LocalTime from, LocalTime until) {
        LocalTime time = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).toLocalTime();
        return from.equals(until) || !time.isBefore(from) && time.isBefore(until);
    }

    /** The sample city's incidents and probe vehicles per segment (its defaults), for a network of this size. */
    public static SimulatorSettings citySettings(RoadNetwork network, long seed, Instant start) {
        SimulatorSettings city = SimulatorSettings.defaults(seed);
        double share = network.size() / (double) SampleCity.generate().size();
        return new SimulatorSettings(
                city.speedup(),
                seed,
                city.gateways(),
                Math.max(10, (int) Math.round(city.probeVehicles() * share)),
                city.incidentsPerHour() * share,
                Optional.of(start),
                SimulatorSettings.Realism.NONE);
    }

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
