package io.roadmirror.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How many dead stream threads are replaced, how far apart, and when the instance gives up. */
@Timeout(60)
class ThreadFailurePolicyTest {
    private static final long MINUTE = 60_000;
    private final ThreadFailurePolicy policy = ThreadFailurePolicy.defaults();

    @Test
    void replacesThreeTimesWithGrowingBackoffThenGivesUp() {
        assertEquals(Duration.ofSeconds(1), policy.onFailure(0, false, false).backoff());
        assertEquals(
                Duration.ofSeconds(2), policy.onFailure(MINUTE, false, false).backoff());
        assertEquals(
                Duration.ofSeconds(4),
                policy.onFailure(2 * MINUTE, false, false).backoff());
        ThreadFailurePolicy.Decision fourth = policy.onFailure(3 * MINUTE, false, false);
        assertFalse(fourth.replace());
        assertTrue(fourth.why().contains("4 times within 5 min"), fourth.why());
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        policy.onFailure(0, false, false);
        policy.onFailure(1, false, false);
        policy.onFailure(2, false, false);
        assertTrue(policy.onFailure(5 * MINUTE + 1, false, false).replace());
    }

    @Test
    void aRegistryOutageIsWaitedOutWithoutUsingTheBudget() {
        Duration last = Duration.ZERO;
        for (int i = 0; i < 20; i++) {
            ThreadFailurePolicy.Decision decision = policy.onFailure(i, false, true);
            assertTrue(decision.replace());
            assertTrue(decision.backoff().compareTo(last) >= 0);
            last = decision.backoff();
        }
        assertEquals(Duration.ofSeconds(30), last, "the backoff is capped");
        assertTrue(policy.onFailure(100, false, false).replace(), "the budget is untouched by the outage");
        policy.outageOver();
        assertEquals(
                Duration.ofSeconds(1), policy.onFailure(200, false, true).backoff(), "a new outage starts short again");
    }

    @Test
    void theGlobalThreadIsNeverReplaced() {
        ThreadFailurePolicy.Decision decision = policy.onFailure(0, true, false);
        assertFalse(decision.replace());
        assertTrue(decision.why().contains("global"));
    }
}
