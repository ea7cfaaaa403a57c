package io.roadmirror.api;

import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness and readiness from the Kafka Streams state, and the live feed behind /api/stream.
 * Ready only when RUNNING: while REBALANCING, stores move between instances and answers may be
 * incomplete. Live unless the application failed or is stopping: a restart helps then, not before.
 * A live feed that is not UP makes the status DEGRADED: queries are answered, the map's live
 * updates are not (it says since when and why).
 */
public record HealthView(String status, boolean live, boolean ready, String streamsState, LiveFeed.Status liveFeed, StreamClients stream) {

    /** /api/stream: clients now, the most allowed, and how many were dropped for falling behind. */
    public record StreamClients(int clients, int maxClients, long dropped) {
    }

    static HealthView of(KafkaStreams.State state) {
        return of(state, null, null);
    }

    static HealthView of(KafkaStreams.State state, LiveFeed.Status feed, StreamClients stream) {
        boolean ready = state == KafkaStreams.State.RUNNING;
        boolean live = state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing();
        String status = ready ? (feed == null || feed.up() ? "UP" : "DEGRADED") : live ? "NOT_READY" : "DOWN";
        return new HealthView(status, live, ready, state.name(), feed, stream);
    }

    /** Everything works: ready, and the live feed up. */
    boolean healthy() {
        return status.equals("UP");
    }
}
