package io.roadmirror.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What /api/health reports for each Kafka Streams state (the IT sees RUNNING; the others are hard to hold still on a broker). */
@Timeout(10)
class HealthViewTest {
    @Test
    void readyOnlyWhileRunning() {
        assertTrue(HealthView.of(State.RUNNING).ready());
        assertEquals("UP", HealthView.of(State.RUNNING).status());
        for (State state : new State[] {
            State.CREATED,
            State.REBALANCING,
            State.PENDING_SHUTDOWN,
            State.NOT_RUNNING,
            State.PENDING_ERROR,
            State.ERROR
        }) {
            assertFalse(HealthView.of(state).ready(), state.name());
        }
    }

    @Test
    void liveWhileStartingOrRebalancingButNotOnceFailedOrStopping() {
        assertTrue(HealthView.of(State.REBALANCING).live());
        assertEquals("NOT_READY", HealthView.of(State.REBALANCING).status());
        assertTrue(HealthView.of(State.CREATED).live());
        for (State state : new State[] {State.PENDING_SHUTDOWN, State.NOT_RUNNING, State.PENDING_ERROR, State.ERROR}) {
            assertFalse(HealthView.of(state).live(), state.name());
            assertEquals("DOWN", HealthView.of(state).status());
        }
    }

    @Test
    void aLiveFeedThatIsNotUpDegradesTheHealthAndSaysWhy() throws Exception {
        LiveFeed.Status recovering =
                new LiveFeed.Status("RECOVERING", "2026-03-15T08:00:00Z", "TimeoutException: broker gone", 0);
        HealthView health = HealthView.of(State.RUNNING, recovering, new HealthView.StreamClients(3, 100, 1));
        assertEquals("DEGRADED", health.status());
        assertTrue(health.ready(), "queries are still answered: load balancers keep the instance");
        assertFalse(health.healthy());
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(health);
        assertTrue(
                json.contains("\"liveFeed\":{\"state\":\"RECOVERING\"")
                        && json.contains("broker gone")
                        && json.contains("\"dropped\":1"),
                json);
        assertTrue(HealthView.of(State.RUNNING, new LiveFeed.Status("UP", null, null, 0), null)
                .healthy());
    }

    @Test
    void aRegistryThatCannotServeTheInstanceMakesItNotReadyButLiveWithTheReason() {
        io.roadmirror.runtime.PipelineFaults faults = new io.roadmirror.runtime.PipelineFaults(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        assertTrue(HealthView.of(State.RUNNING, Optional.of(faults)).ready());
        io.roadmirror.runtime.PipelineFaultsAccess.flagRegistry(
                faults, "the schema registry refuses this process's credentials (HTTP 401)");
        HealthView health = HealthView.of(State.RUNNING, Optional.of(faults));
        assertFalse(health.ready());
        assertTrue(health.live());
        assertEquals("NOT_READY", health.status());
        assertTrue(health.problem().contains("HTTP 401"), health.problem());
    }
}
