package io.roadmirror.serde;

import io.roadmirror.registry.RegistryException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the global tables: waits for the schema registry instead of failing. A stream thread that
 * meets a registry outage or refusal fails its task and is paused until the registry answers; the
 * global thread cannot be: Kafka Streams lets its deserialization handler only skip the record (a
 * hole in every instance's table) or fail, and a failed global thread ends the whole client. So a
 * record of a global table whose schema cannot be fetched is retried here, with backoff, for up to
 * {@link #MAX_WAIT}; meanwhile the table is behind, and the instance's readiness says why (the
 * registry probe). Only the registry's own trouble is waited out: a record that does not decode
 * fails at once, as before.
 */
public final class RegistryPatientDeserializer<T> implements Deserializer<T> {
    /** After this long the record fails as it would have at once: the process ends and is restarted. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);

    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(RegistryPatientDeserializer.class);

    private final Deserializer<T> inner;
    private final Sleeper sleeper;

    /** How the wait passes (tests pass time without waiting). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    RegistryPatientDeserializer(Deserializer<T> inner, Sleeper sleeper) {
        this.inner = inner;
        this.sleeper = sleeper;
    }

    /** The same serde, whose deserializer waits for the registry. */
    public static <T> Serde<T> patient(Serde<T> serde) {
        return Serdes.serdeFrom(
                serde.serializer(),
                new RegistryPatientDeserializer<>(serde.deserializer(), d -> Thread.sleep(d.toMillis())));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        Duration waited = Duration.ZERO;
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                return headers == null ? inner.deserialize(topic, data) : inner.deserialize(topic, headers, data);
            } catch (RuntimeException e) {
                if (RegistryException.infrastructureIn(e).isEmpty() || waited.compareTo(MAX_WAIT) >= 0) {
                    throw e;
                }
                if (waited.isZero()) {
                    log.warn(
                            "A global table waits for the schema registry to read {} (retrying for up to {} min): {}",
                            topic,
                            MAX_WAIT.toMinutes(),
                            e.getMessage());
                }
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waited = waited.plus(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        inner.close();
    }
}
