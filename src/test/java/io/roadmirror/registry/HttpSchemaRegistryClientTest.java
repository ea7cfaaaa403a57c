package io.roadmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roadmirror.runtime.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP-level behaviour of the client against a scripted local server: headers, errors, retries, caching. */
class HttpSchemaRegistryClientTest {
    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        exchange.getRequestBody().readAllBytes();
        if (failuresLeft.getAndDecrement() > 0) {
            reply(exchange, 503, "{\"error_code\":50003,\"message\":\"backend unavailable\"}");
        } else if (path.equals("/schemas/ids/7")) {
            reply(exchange, 200, "{\"schema\":" + quote(SCHEMA) + "}");
        } else if (path.equals("/subjects/s-value/versions")) {
            reply(exchange, 200, "{\"id\":7}");
        } else if (path.equals("/subjects/missing-value/versions/latest")) {
            reply(exchange, 404, "{\"error_code\":40401,\"message\":\"Subject 'missing-value' not found.\"}");
        } else if (path.equals("/subjects/raced-value/versions")) {
            reply(
                    exchange,
                    409,
                    "{\"error_code\":409,\"message\":\"An artifact with ID 'raced-value' already exists.\"}");
        } else if (path.equals("/subjects/raced-value")) {
            reply(exchange, 200, "{\"id\":12,\"version\":1,\"subject\":\"raced-value\"}");
        } else if (path.equals("/subjects/incompatible-value/versions")) {
            reply(exchange, 409, "{\"error_code\":409,\"message\":\"Incompatible schema\"}");
        } else if (path.equals("/subjects/incompatible-value")) {
            reply(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        } else if (path.equals("/subjects/s-value")) {
            reply(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        } else if (path.equals("/schemas/ids/8")) {
            reply(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema 8 not found\"}");
        } else if (path.equals("/schemas/ids/9")) {
            reply(exchange, 200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
        } else if (path.equals("/schemas/ids/10")) {
            reply(exchange, 429, "{\"error_code\":429,\"message\":\"Too Many Requests\"}");
        } else if (path.equals("/subjects")) {
            reply(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
        } else {
            reply(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private HttpSchemaRegistryClient client(Optional<String> userInfo, URI... urls) throws Exception {
        return new HttpSchemaRegistryClient(
                List.of(urls), userInfo, 100, Duration.ofSeconds(5), SSLContext.getDefault());
    }

    @Test
    void sendsTheBasicAuthHeaderWhenConfigured() throws Exception {
        new HttpSchemaRegistryClient(
                        List.of(url()),
                        Optional.of(RegistryCredentials.basic("svc-roadmirror:s3cret")),
                        true,
                        100,
                        Duration.ofSeconds(5),
                        SSLContext.getDefault())
                .schemaById(7); // plain http allowed explicitly
        String expected =
                "Basic " + Base64.getEncoder().encodeToString("svc-roadmirror:s3cret".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(expected), authorizations);
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutCredentials() throws Exception {
        client(Optional.empty(), url()).schemaById(7);
        assertEquals(List.of("null"), authorizations);
    }

    @Test
    void postsTheSchemaRegistryContentType() throws Exception {
        assertEquals(
                7,
                client(Optional.empty(), url()).register("s-value", new org.apache.avro.Schema.Parser().parse(SCHEMA)));
        assertEquals(List.of("application/vnd.schemaregistry.v1+json"), contentTypes);
    }

    @Test
    void aSchemaIdIsFetchedOnceThenServedFromTheCache() throws Exception {
        HttpSchemaRegistryClient client = client(Optional.empty(), url());
        for (int i = 0; i < 50; i++) {
            client.schemaById(7);
        }
        assertEquals(1, hits.get("/schemas/ids/7").get());
    }

    @Test
    void errorsCarryTheRegistryErrorCodeAndSayWhatToDo() throws Exception {
        RegistryException e = assertThrows(
                RegistryException.class, () -> client(Optional.empty(), url()).latest("missing-value"));
        assertEquals(404, e.httpStatus());
        assertEquals(RegistryException.SUBJECT_NOT_FOUND, e.errorCode());
        assertTrue(e.getMessage().contains("register-schemas"), e.getMessage());

        RegistryException auth = assertThrows(
                RegistryException.class, () -> client(Optional.empty(), url()).subjects());
        assertTrue(auth.getMessage().contains("schema.registry.basic.auth.user.info"), auth.getMessage());
    }

    @Test
    void refusedCredentialsAndAWrongBasePathAreRefusalsNotAnswersAboutTheData() throws Exception {
        RegistryRefusedException auth = assertThrows(
                RegistryRefusedException.class,
                () -> client(Optional.empty(), url()).subjects());
        assertEquals(401, auth.httpStatus());

        // A URL without the registry's API path: the server answers a plain 404, without a 404xx code.
        RegistryRefusedException wrongPath = assertThrows(
                RegistryRefusedException.class,
                () -> client(Optional.empty(), url()).schemaById(99));
        assertTrue(wrongPath.getMessage().contains("check the path in schema.registry.url"), wrongPath.getMessage());
        assertEquals(1, hits.get("/schemas/ids/99").get(), "a refusal is not retried by the client");

        RegistryException notFound = assertThrows(
                RegistryException.class, () -> client(Optional.empty(), url()).schemaById(8));
        assertEquals(RegistryException.SCHEMA_NOT_FOUND, notFound.errorCode());
        assertTrue(!(notFound instanceof RegistryRefusedException), "schema not found is about the data");
    }

    @Test
    void aLookupSaysNotRegisteredOnlyWhenTheRegistrySaysSo() throws Exception {
        HttpSchemaRegistryClient client = client(Optional.empty(), url());
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(SCHEMA);
        assertEquals(Optional.empty(), client.lookup("s-value", schema), "40403: the subject lacks this schema");

        // A plain 404 (a wrong base path, or a registry shutting down or starting before its API is mounted) says
        // nothing about the subject: it was taken for "not registered", and a pipeline with auto-registration off
        // then failed its task as if its own schema were missing (RegistryFaultsIT, after a registry restart).
        RegistryRefusedException refused =
                assertThrows(RegistryRefusedException.class, () -> client.lookup("other-value", schema));
        assertTrue(refused.isInfrastructure());
        assertTrue(refused.getMessage().contains("check the path in schema.registry.url"), refused.getMessage());
        assertThrows(RegistryRefusedException.class, () -> client.subjectCompatibility("other-value"));
    }

    @Test
    void aRegistrationThatLostARaceToCreateTheSubjectGetsTheIdTheWinnerRegistered() throws Exception {
        HttpSchemaRegistryClient client = client(Optional.empty(), url());
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(SCHEMA);
        assertEquals(12, client.register("raced-value", schema), "409, but the schema is there: its id");
        RegistryException incompatible =
                assertThrows(RegistryException.class, () -> client.register("incompatible-value", schema));
        assertTrue(incompatible.isIncompatible(), "409 and the schema is not there: incompatible");
    }

    @Test
    void serverErrorsAreRetriedAndThenReportedAsUnavailable() throws Exception {
        failuresLeft.set(2);
        assertEquals("R", client(Optional.empty(), url()).schemaById(7).getName());
        assertEquals(3, hits.get("/schemas/ids/7").get(), "two 503s, then success");

        failuresLeft.set(100);
        RegistryUnavailableException e = assertThrows(
                RegistryUnavailableException.class,
                () -> client(Optional.empty(), url()).latest("x"));
        assertTrue(e.getMessage().contains("50003"), e.getMessage());
    }

    @Test
    void aRegistrySheddingLoadIsUnavailableNotAnAnswerAboutTheData() throws Exception {
        RegistryUnavailableException e = assertThrows(
                RegistryUnavailableException.class,
                () -> client(Optional.empty(), url()).schemaById(10));
        assertEquals(429, e.httpStatus());
        assertEquals(3, hits.get("/schemas/ids/10").get(), "retried like a 5xx");
        assertTrue(e.isInfrastructure());
    }

    @Test
    void anIdOfAProtobufSchemaIsNamedAsSuchAndIsNotTheRegistrysFailure() throws Exception {
        RegistryException e = assertThrows(
                RegistryException.class, () -> client(Optional.empty(), url()).schemaById(9));
        assertEquals(200, e.httpStatus());
        assertTrue(e.getMessage().contains("PROTOBUF schema, not Avro"), e.getMessage());
        assertTrue(!e.isInfrastructure());
    }

    @Test
    void aDeadUrlFailsOverToTheNextOne() throws Exception {
        URI dead = URI.create("http://127.0.0.1:" + Ports.findFree());
        assertEquals(
                1,
                client(Optional.empty(), dead, url()).schemaById(7).getFields().size());
    }

    @Test
    void anUnreachableRegistryNamesTheUrlAndTheSetting() throws Exception {
        URI dead = URI.create("http://127.0.0.1:" + Ports.findFree());
        RegistryUnavailableException e = assertThrows(
                RegistryUnavailableException.class,
                () -> client(Optional.empty(), dead).schemaById(7));
        assertTrue(
                e.getMessage().contains(dead.toString()) && e.getMessage().contains("--schema-registry-url"),
                e.getMessage());
    }
}
