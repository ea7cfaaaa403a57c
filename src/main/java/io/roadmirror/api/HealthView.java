package io.roadmirror.api;

import io.roadmirror.runtime.PipelineFaults;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness and readiness from the Kafka Streams state, the instance's own faults and the live
 * feed behind /api/stream. Ready only when RUNNING and nothing keeps it from serving: while
 * REBALANCING, stores move between instances and answers may be incomplete; while the schema
 * registry refuses or cannot be reached, nothing new is processed. Live unless the application
 * failed or is stopping: a restart helps then, not before. {@code problem} says why, in one line,
 * when there is a reason; {@code threadReplacements} counts stream threads replaced since start.
 * A live feed that is not UP makes the status DEGRADED: queries are answered, the map's live
 * updates are not (it says since when and why).
 */
public record HealthView(
        String status,
        boolean live,
        boolean ready,
        String streamsState,
        String problem,
        int threadReplacements,
        LiveFeed.Status liveFeed,
        StreamClients stream) {

    /** /api/stream: clients now, the most allowed, and how many were dropped for falling behind. */
    public record StreamClients(int clients, int maxClients, long dropped) {}

    static HealthView of(KafkaStreams.State state) {
        return of(state, Optional.empty(), null, null);
    }

    static HealthView of(KafkaStreams.State state, Optional<PipelineFaults> faults) {
        return of(state, faults, null, null);
    }

    static HealthView of(KafkaStreams.State state, LiveFeed.Status feed, StreamClients stream) {
        return of(state, Optional.empty(), feed, stream);
    }

    static HealthView of(
            KafkaStreams.State state, Optional<PipelineFaults> faults, LiveFeed.Status feed, StreamClients stream) {
        String problem = faults.flatMap(PipelineFaults::problem).orElse(null);
        boolean ready = state == KafkaStreams.State.RUNNING && problem == null;
        boolean live = state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing();
        int replacements = faults.map(PipelineFaults::threadReplacements).orElse(0);
        String status = ready ? (feed == null || feed.up() ? "UP" : "DEGRADED") : live ? "NOT_READY" : "DOWN";
        return new HealthView(status, live, ready, state.name(), problem, replacements, feed, stream);
    }

    /** Everything works: ready, and the live feed up. */
    boolean healthy() {
        return status.equals("UP");
    }
}
