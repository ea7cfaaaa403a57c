package io.roadmirror.serde;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps records with made-up schema ids from turning into registry calls. An id the registry
 * called unknown is remembered for a short while (it may be registered a moment later), in a
 * bounded map; and ids never seen before are looked up at a bounded rate (a token bucket), so a
 * flood of random ids costs a few registry calls a second, not one per record. An id over the
 * rate is answered UNKNOWN_SCHEMA without a call: its dead letters say so, and
 * {@code roadmirror replay-deadletters --reason UNKNOWN_SCHEMA} re-publishes them. Thread-safe.
 */
final class SchemaIdGuard {
    static final int CAPACITY = 10_000;
    static final long REMEMBER_NANOS = 60_000_000_000L;
    static final int LOOKUPS_PER_SECOND = 20;
    static final int BURST = 100;

    private final LongSupplier nanoClock;
    private final Map<Integer, Long> unknownUntil = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
            return size() > CAPACITY;
        }
    };
    private double tokens = BURST;
    private long refilledAt;

    SchemaIdGuard(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** Why the id must not be looked up now, or null when it may. */
    synchronized String refusal(int id) {
        long now = nanoClock.getAsLong();
        Long until = unknownUntil.get(id);
        if (until != null) {
            if (now - until < 0) {
                return "schema id " + id + " is unknown to the schema registry (asked less than "
                        + REMEMBER_NANOS / 1_000_000_000L + " s ago)";
            }
            unknownUntil.remove(id);
        }
        tokens = Math.min(BURST, tokens + (now - refilledAt) / 1e9 * LOOKUPS_PER_SECOND);
        refilledAt = now;
        if (tokens < 1) {
            return "schema id " + id + " was not looked up: more than " + LOOKUPS_PER_SECOND
                    + " new schema ids a second reach this reader, most of them unknown; replay once the source is fixed";
        }
        tokens -= 1;
        return null;
    }

    synchronized void unknown(int id) {
        unknownUntil.put(id, nanoClock.getAsLong() + REMEMBER_NANOS);
    }
}
