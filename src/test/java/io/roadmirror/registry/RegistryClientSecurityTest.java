package io.roadmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where the client's credentials may and may not go, against scripted local servers. */
@Timeout(20)
class RegistryClientSecurityTest {
    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";

    private HttpServer registry;
    private HttpServer elsewhere;
    private final List<String> registryAuthorizations = new CopyOnWriteArrayList<>();
    private final List<String> elsewhereAuthorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        elsewhere = server(exchange -> {
            elsewhereAuthorizations.add(
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            reply(exchange, 200, "{\"schema\":\"" + SCHEMA.replace("\"", "\\\"") + "\"}", null);
        });
        registry = server(exchange -> {
            registryAuthorizations.add(
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (exchange.getRequestURI().getPath().startsWith("/moved")) {
                reply(
                        exchange,
                        307,
                        "",
                        "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/schemas/ids/7");
            } else {
                reply(exchange, 200, "{\"schema\":\"" + SCHEMA.replace("\"", "\\\"") + "\"}", null);
            }
        });
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static HttpServer server(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler::handle);
        server.start();
        return server;
    }

    private static void reply(HttpExchange exchange, int status, String body, String location) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        elsewhere.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + registry.getAddress().getPort() + path);
    }

    private static HttpSchemaRegistryClient client(
            URI url, Optional<RegistryCredentials> credentials, boolean allowInsecure) throws Exception {
        return new HttpSchemaRegistryClient(
                List.of(url), credentials, allowInsecure, 100, Duration.ofSeconds(5), SSLContext.getDefault());
    }

    @Test
    void credentialsAreNeverSentOverPlainHttpUnlessAllowed() throws Exception {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> client(url(""), Optional.of(RegistryCredentials.bearer("tok-123")), false));
        assertTrue(
                e.getMessage().contains("schema.registry.allow-insecure-auth=true")
                        && e.getMessage().contains("https"),
                e.getMessage());
        assertFalse(e.getMessage().contains("tok-123"));
        assertEquals(List.of(), registryAuthorizations, "nothing was sent");

        client(url(""), Optional.of(RegistryCredentials.bearer("tok-123")), true)
                .schemaById(7);
        assertEquals(List.of("Bearer tok-123"), registryAuthorizations);
    }

    @Test
    void aRedirectIsNeverFollowedWithCredentials() throws Exception {
        HttpSchemaRegistryClient client =
                client(url("/moved"), Optional.of(RegistryCredentials.basic("svc:pw-777")), true);
        RegistryException e = assertThrows(RegistryException.class, () -> client.schemaById(7));
        assertEquals(307, e.httpStatus());
        assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
        assertEquals(List.of(), elsewhereAuthorizations, "the redirect's target got nothing");

        client(url("/moved"), Optional.empty(), false).schemaById(7);
        assertEquals(List.of("null"), elsewhereAuthorizations, "without credentials the redirect is followed");
    }

    @Test
    void userInfoInTheUrlBecomesBasicAuthAndIsNeverPrinted() throws Exception {
        URI withUserInfo = URI.create(
                "http://svc:pw-4242@127.0.0.1:" + registry.getAddress().getPort());
        client(withUserInfo, Optional.empty(), true).schemaById(7);
        assertEquals(
                List.of("Basic " + Base64.getEncoder().encodeToString("svc:pw-4242".getBytes(StandardCharsets.UTF_8))),
                registryAuthorizations);

        URI dead = URI.create("http://svc:pw-4242@127.0.0.1:" + Ports.findFree());
        RegistryUnavailableException unreachable = assertThrows(
                RegistryUnavailableException.class,
                () -> client(dead, Optional.empty(), true).schemaById(7));
        assertFalse(
                unreachable.getMessage().contains("pw-4242")
                        || unreachable.getMessage().contains("svc:"),
                unreachable.getMessage());
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> client(dead, Optional.empty(), false));
        assertFalse(refused.getMessage().contains("pw-4242"), refused.getMessage());
    }

    @Test
    void credentialsPrintAsTheirKindOnly() {
        assertEquals("basic [hidden]", RegistryCredentials.basic("svc:pw").toString());
        assertEquals("bearer [hidden]", RegistryCredentials.bearer("tok").toString());
    }
}
