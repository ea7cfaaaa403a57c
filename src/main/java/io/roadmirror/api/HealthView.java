package io.roadmirror.api;

import io.roadmirror.runtime.PipelineFaults;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness and readiness from the Kafka Streams state and the instance's own faults. Ready only
 * when RUNNING and nothing keeps it from serving: while REBALANCING, stores move between
 * instances and answers may be incomplete; while the schema registry refuses or cannot be
 * reached, nothing new is processed. Live unless the application failed or is stopping: a
 * restart helps then, not before. {@code problem} says why, in one line, when there is a reason;
 * {@code threadReplacements} counts stream threads replaced since start.
 */
public record HealthView(String status, boolean live, boolean ready, String streamsState, String problem, int threadReplacements) {

    static HealthView of(KafkaStreams.State state) {
        return of(state, Optional.empty());
    }

    static HealthView of(KafkaStreams.State state, Optional<PipelineFaults> faults) {
        String problem = faults.flatMap(PipelineFaults::problem).orElse(null);
        boolean ready = state == KafkaStreams.State.RUNNING && problem == null;
        boolean live = state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing();
        int replacements = faults.map(PipelineFaults::threadReplacements).orElse(0);
        return new HealthView(ready ? "UP" : live ? "NOT_READY" : "DOWN", live, ready, state.name(), problem, replacements);
    }
}
