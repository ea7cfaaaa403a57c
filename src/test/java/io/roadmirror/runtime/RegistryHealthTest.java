package io.roadmirror.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryUnavailableException;
import io.roadmirror.serde.AvroSerdeException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which registry answers mean "the registry cannot serve this process" (wait, not ready) rather than "this record is bad". */
@Timeout(60)
class RegistryHealthTest {

    @Test
    void unreachableRefusedCredentialsAndAWrongPathAreInfrastructureProblems() {
        assertTrue(RegistryHealth.problemIn(
                        new StreamsException(new RegistryUnavailableException(0, "connection refused", null)))
                .orElseThrow()
                .contains("unavailable"));
        assertTrue(RegistryHealth.problemIn(new StreamsException(new RegistryException(401, 401, "no")))
                .orElseThrow()
                .contains("credentials"));
        assertTrue(RegistryHealth.problemIn(new RegistryException(403, 40301, "no"))
                .orElseThrow()
                .contains("credentials"));
        assertTrue(RegistryHealth.problemIn(new RegistryException(404, 404, "<html>"))
                .orElseThrow()
                .contains("base path"));
    }

    @Test
    void anUnknownSchemaIdIsTheRecordsProblemNotTheRegistrys() {
        Throwable unknownId = new AvroSerdeException(
                AvroSerdeException.Kind.UNKNOWN_SCHEMA,
                "schema 99 unknown",
                new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "not found"));
        assertEquals(Optional.empty(), RegistryHealth.problemIn(unknownId));
        assertEquals(Optional.empty(), RegistryHealth.problemIn(new IllegalStateException("a bug")));
    }

    @Test
    void startingAgainstARegistryThatRefusesFailsWithOneLine() {
        StartupException e = assertThrows(
                StartupException.class,
                () -> RegistryHealth.requireUsable(new io.roadmirror.testing.InMemorySchemaRegistry() {
                    @Override
                    public List<String> subjects() {
                        throw new RegistryException(
                                401, 401, "schema registry refused GET /subjects (HTTP 401)\n<html>...");
                    }
                }));
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
    }
}
