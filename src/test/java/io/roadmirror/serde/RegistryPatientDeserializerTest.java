package io.roadmirror.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roadmirror.registry.RegistryRefusedException;
import io.roadmirror.registry.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A global table's record whose schema the registry cannot give yet is waited for, not failed. */
@Timeout(10)
class RegistryPatientDeserializerTest {
    private final List<Duration> slept = new ArrayList<>();

    /** Fails with what each supplier throws, in turn, then decodes. */
    private RegistryPatientDeserializer<String> failingWith(List<Supplier<RuntimeException>> failures) {
        int[] calls = {0};
        Deserializer<String> inner = (topic, data) -> {
            if (calls[0] < failures.size()) {
                throw failures.get(calls[0]++).get();
            }
            return new String(data, StandardCharsets.UTF_8);
        };
        return new RegistryPatientDeserializer<>(inner, slept::add);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anOutageAndARefusalAreWaitedOutWithGrowingPauses() {
        RegistryPatientDeserializer<String> patient = failingWith(List.of(
                () -> new RegistryUnavailableException(0, "registry down", null),
                () -> new SerializationException(new RegistryRefusedException(401, 401, "Unauthorized")),
                () -> new RegistryUnavailableException(503, "registry starting", null)));
        assertEquals("A-B", patient.deserialize("mirror.segments", bytes("A-B")));
        assertEquals(
                List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)),
                slept,
                "three failures, three pauses, each twice the last");
    }

    @Test
    void aRecordThatDoesNotDecodeFailsAtOnce() {
        RegistryPatientDeserializer<String> patient =
                failingWith(List.of(() -> new SerializationException("not the wire format")));
        assertThrows(SerializationException.class, () -> patient.deserialize("mirror.segments", bytes("x")));
        assertEquals(List.of(), slept, "nothing to wait for");
    }

    @Test
    void aRegistryThatNeverAnswersFailsTheRecordAfterTheLongestWait() {
        List<Supplier<RuntimeException>> forever = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            forever.add(() -> new RegistryUnavailableException(0, "registry down", null));
        }
        RegistryPatientDeserializer<String> patient = failingWith(forever);
        assertThrows(RegistryUnavailableException.class, () -> patient.deserialize("road.network", bytes("x")));
        Duration total = slept.stream().reduce(Duration.ZERO, Duration::plus);
        assertEquals(
                true,
                total.compareTo(RegistryPatientDeserializer.MAX_WAIT) >= 0
                        && total.compareTo(RegistryPatientDeserializer.MAX_WAIT.plus(
                                        RegistryPatientDeserializer.MAX_BACKOFF))
                                <= 0,
                "waited " + total + ", about " + RegistryPatientDeserializer.MAX_WAIT);
        assertEquals(RegistryPatientDeserializer.MAX_BACKOFF, slept.get(slept.size() - 1), "pauses stop growing");
    }
}
