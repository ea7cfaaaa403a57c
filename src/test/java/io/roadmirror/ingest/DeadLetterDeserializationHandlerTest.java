package io.roadmirror.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roadmirror.model.SensorReading;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryRefusedException;
import io.roadmirror.registry.RegistryUnavailableException;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.RegistryHealth;
import io.roadmirror.serde.AvroDeserializer;
import io.roadmirror.serde.AvroSerdeException;
import io.roadmirror.streams.PipelineMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Only the record's own faults are dead-lettered; a registry that is down or refuses the pipeline fails the task. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeadLetterDeserializationHandlerTest {
    private final PipelineMetrics metrics = PipelineMetrics.inMemory();
    private final ConsumerRecord<byte[], byte[]> record =
            new ConsumerRecord<>("sensor.readings", 1, 5, new byte[1], new byte[] {0, 0, 0, 0, 9});

    static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        public String topic() {
            return "sensor.readings";
        }

        public int partition() {
            return 1;
        }

        public long offset() {
            return 5;
        }

        public Headers headers() {
            return new RecordHeaders();
        }

        public String processorNodeId() {
            return "sensor-readings-source";
        }

        public TaskId taskId() {
            return new TaskId(0, 1);
        }

        public long timestamp() {
            return 0;
        }

        public byte[] sourceRawKey() {
            return null;
        }

        public byte[] sourceRawValue() {
            return null;
        }
    };

    private Response handle(Exception e) {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of(PipelineMetrics.CONFIG_KEY, metrics));
        return handler.handleError(CONTEXT, record, e);
    }

    @Test
    void refusedCredentialsOrAWrongRegistryPathFailTheTaskAndDeadLetterNothing() {
        for (int status : new int[] {401, 403, 404}) {
            Response response = handle(new SerializationException(
                    "wrapped",
                    new RegistryRefusedException(
                            status, status, "schema registry refused GET /schemas/ids/9 (HTTP " + status + ")")));
            assertEquals(Result.FAIL, response.result(), "HTTP " + status);
            assertEquals(0, response.deadLetterQueueRecords().size());
        }
        assertEquals(0.0, metrics.total("roadmirror.deadletters"));
    }

    @Test
    void anOutageFailsTheTask() {
        assertEquals(
                Result.FAIL,
                handle(new RegistryUnavailableException(0, "cannot reach", null))
                        .result());
    }

    @Test
    void anUnknownSchemaIsTheRecordsFault() {
        Response response = handle(new AvroSerdeException(
                AvroSerdeException.Kind.UNKNOWN_SCHEMA,
                "schema id 9 is unknown",
                new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "Schema 9 not found")));
        assertEquals(Result.RESUME, response.result());
        assertEquals(
                "UNKNOWN_SCHEMA",
                DeadLetters.header(response.deadLetterQueueRecords().get(0).headers(), DeadLetters.REASON));
    }

    @Test
    void aLengthBombIsADeserializationDeadLetter() {
        Response response = handle(
                new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE, "a string declares 2147483648 bytes"));
        assertEquals(Result.RESUME, response.result());
        assertEquals(
                "DESERIALIZATION",
                DeadLetters.header(response.deadLetterQueueRecords().get(0).headers(), DeadLetters.REASON));
    }

    /**
     * The whole deserialization path, from the registry's HTTP answer to the handler's decision: a registry that
     * cannot serve (unreachable, 5xx, 429, 401, 403, a 404 without a registry error code) fails the task and is a
     * registry problem for health; an id the registry does not know (40403), or one that names a schema no Avro
     * reader can use, is the record's fault and is dead-lettered.
     */
    @Test
    void theDeserializationPathTellsARegistryThatCannotServeFromBadBytes() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", DeadLetterDeserializationHandlerTest::scriptedRegistry);
        server.start();
        URI live = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        URI dead = URI.create("http://127.0.0.1:" + Ports.findFree());
        try {
            for (int status : new int[] {401, 403, 404, 503, 429}) {
                Exception failure = deserialize(live, status);
                Response response = handle(failure);
                assertEquals(Result.FAIL, response.result(), "HTTP " + status + ": " + failure);
                assertEquals(0, response.deadLetterQueueRecords().size(), "HTTP " + status);
                assertTrue(RegistryHealth.problemIn(failure).isPresent(), "HTTP " + status + ": " + failure);
            }
            Exception unreachable = deserialize(dead, 1);
            assertEquals(Result.FAIL, handle(unreachable).result(), unreachable.toString());
            assertTrue(RegistryHealth.problemIn(unreachable).orElseThrow().contains("unavailable"));
            assertEquals(0.0, metrics.total("roadmirror.deadletters"), "nothing dead-lettered so far");

            Exception unknown = deserialize(live, 40403);
            assertEquals("UNKNOWN_SCHEMA", deadLetterReason(handle(unknown)));
            assertEquals(Optional.empty(), RegistryHealth.problemIn(unknown));
            Exception protobuf = deserialize(live, 200);
            assertEquals("DESERIALIZATION", deadLetterReason(handle(protobuf)));
            assertEquals(Optional.empty(), RegistryHealth.problemIn(protobuf));
        } finally {
            server.stop(0);
        }
    }

    /** Answers GET /schemas/ids/{n} with status n (40403: the registry's "schema not found"; 200: a Protobuf schema). */
    private static void scriptedRegistry(HttpExchange exchange) throws IOException {
        int id = Integer.parseInt(exchange.getRequestURI().getPath().replace("/schemas/ids/", ""));
        int status = id == 40403 ? 404 : id;
        String body = switch (id) {
            case 200 -> "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}";
            case 404 -> "<html>Not Found</html>";
            default -> "{\"error_code\":" + id + ",\"message\":\"scripted\"}";
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Exception deserialize(URI registry, int schemaId) throws Exception {
        AvroDeserializer<SensorReading> deserializer = AvroDeserializer.specific(
                new HttpSchemaRegistryClient(
                        List.of(registry), Optional.empty(), 10, Duration.ofSeconds(5), SSLContext.getDefault()),
                SensorReading.class);
        byte[] bytes = {
            0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8), (byte) schemaId, 2, 'x'
        };
        try {
            deserializer.deserialize("sensor.readings", bytes);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("schema id " + schemaId + " decoded");
    }

    private static String deadLetterReason(Response response) {
        assertEquals(Result.RESUME, response.result());
        return DeadLetters.header(response.deadLetterQueueRecords().get(0).headers(), DeadLetters.REASON);
    }
}
