package io.roadmirror.api;

import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness and readiness from the Kafka Streams state. Ready only when RUNNING: while
 * REBALANCING, stores move between instances and answers may be incomplete. Live unless the
 * application failed or is stopping: a restart helps then, not before.
 */
public record HealthView(String status, boolean live, boolean ready, String streamsState) {

    static HealthView of(KafkaStreams.State state) {
        boolean ready = state == KafkaStreams.State.RUNNING;
        boolean live = state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing();
        return new HealthView(ready ? "UP" : live ? "NOT_READY" : "DOWN", live, ready, state.name());
    }
}
