package io.roadmirror.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryRefusedException;
import io.roadmirror.registry.RegistryUnavailableException;
import io.roadmirror.serde.AvroSerdeException;
import io.roadmirror.streams.PipelineMetrics;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** In a processor, bytes that do not decode are the input's fault; a registry that cannot serve, wrapped or not, is not. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeadLetterProcessingHandlerTest {
    private final PipelineMetrics metrics = PipelineMetrics.inMemory();

    private Response handle(Exception e) {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(Map.of(PipelineMetrics.CONFIG_KEY, metrics));
        return handler.handleError(DeadLetterDeserializationHandlerTest.CONTEXT, new Record<>("k", "v", 0L), e);
    }

    @Test
    void aFailureInAPunctuationWhereThereIsNoSourceRecordIsJudgedLikeAnyOther() {
        ErrorHandlerContext punctuation = (ErrorHandlerContext) Proxy.newProxyInstance(
                ErrorHandlerContext.class.getClassLoader(),
                new Class<?>[] {ErrorHandlerContext.class},
                (proxy, method, args) -> {
                    if (method.getReturnType() == int.class) {
                        return -1;
                    }
                    return method.getReturnType() == long.class ? (Object) (-1L) : null;
                });
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(Map.of(
                PipelineMetrics.CONFIG_KEY,
                metrics,
                DeadLetterDeserializationHandler.GLOBAL_TOPICS_CONFIG,
                List.of("road.network")));
        Response response = handler.handleError(
                punctuation,
                new Record<>("k", "v", 0L),
                new AvroSerdeException(
                        AvroSerdeException.Kind.NOT_REGISTERED,
                        "cannot look up",
                        new RegistryRefusedException(401, 401, "no")));
        assertEquals(Result.FAIL, response.result());
    }

    @Test
    void undecodableBytesAndAnUnknownSchemaAreDeadLettered() {
        assertEquals(
                Result.RESUME,
                handle(new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE, "bytes left over"))
                        .result());
        assertEquals(
                Result.RESUME,
                handle(new AvroSerdeException(
                                AvroSerdeException.Kind.UNKNOWN_SCHEMA,
                                "schema id 9 is unknown",
                                new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "not found")))
                        .result());
        assertEquals(2.0, metrics.total("roadmirror.deadletters"));
    }

    @Test
    void aRegistryThatCannotServeFailsTheTaskEvenInsideADecodingFailure() {
        for (RegistryException registry : new RegistryException[] {
            new RegistryRefusedException(401, 401, "refused"),
            new RegistryRefusedException(403, 40301, "forbidden"),
            new RegistryRefusedException(404, 404, "not a registry"),
            new RegistryUnavailableException(0, "cannot reach", null)
        }) {
            Response response =
                    handle(new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE, "cannot decode", registry));
            assertEquals(Result.FAIL, response.result(), registry.getMessage());
            assertEquals(0, response.deadLetterQueueRecords().size());
        }
        assertEquals(0.0, metrics.total("roadmirror.deadletters"));
    }
}
