package io.roadmirror.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryRefusedException;
import io.roadmirror.registry.RegistryUnavailableException;
import io.roadmirror.serde.AvroSerdeException;
import io.roadmirror.streams.PipelineMetrics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
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
}
