package io.roadmirror.api;

import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.runtime.Ports;
import io.roadmirror.testing.Closing;
import io.roadmirror.testing.Gateway;
import io.roadmirror.testing.SseRecorder;
import io.roadmirror.testing.TestInstances;
import io.roadmirror.testing.TestNetworks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API secured as production runs it, on a real broker and registry: two instances with
 * https (a keystore generated here with keytool, valid two days), bearer tokens on the public
 * routes, a shared secret between the instances, the internal routes and /metrics on a port of
 * their own, and a CORS allow-list. Each instance owns one of the two partitions, so answers
 * about all segments are gathered across instances over https with the secret.
 */
@Timeout(240)
class ApiSecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOKEN = "reader-" + UUID.randomUUID();
    private static final String SECRET = "peers-" + UUID.randomUUID();
    private static final String ALLOWED_ORIGIN = "https://maps.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static ServedPipeline first;
    private static ServedPipeline second;
    private static RoadmirrorConfig config;
    private static HttpClient https;
    private static String api;
    private static String internal;
    private static RoadNetwork network;

    @BeforeAll
    static void start() throws Exception {
        String storePassword = UUID.randomUUID().toString();
        Path keystore = dir.resolve("api.p12");
        Path truststore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("api.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "api",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                storePassword,
                "-keypass",
                storePassword);
        keytool(
                "-exportcert",
                "-alias",
                "api",
                "-rfc",
                "-keystore",
                keystore.toString(),
                "-storepass",
                storePassword,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "api",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                storePassword);
        https = HttpClient.newBuilder()
                .sslContext(trusting(truststore, storePassword))
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
        String applicationId = "roadmirror-security-it-" + UUID.randomUUID();
        network = TestNetworks.triangle();
        List<RoadmirrorConfig> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, String> secured = new HashMap<>(Map.of(
                    "api.tls.keystore", keystore.toString(),
                    "api.tls.keystore.password", storePassword,
                    "api.tls.truststore", truststore.toString(),
                    "api.tls.truststore.password", storePassword,
                    "api.auth.tokens", TOKEN,
                    "api.internal.secret", SECRET,
                    "api.internal.port", Integer.toString(Ports.findFree()),
                    "api.cors.allowed.origins", ALLOWED_ORIGIN));
            instances.add(TestInstances.config(broker.bootstrapServers(), applicationId, 2, Ports.findFree(), secured));
        }
        config = instances.get(0);
        TestInstances.prepareCluster(config, network);
        first = TestInstances.start(config);
        second = TestInstances.start(instances.get(1));
        api = "https://127.0.0.1:" + config.api().port();
        internal = "https://127.0.0.1:" + config.api().internalPort().orElseThrow();

        try (Gateway gateway = new Gateway(config)) {
            for (Segment segment : network.segments()) {
                gateway.send(reading("s-" + segment.id(), segment.id(), sec(10), 40.0));
            }
            gateway.flush();
        }
    }

    @AfterAll
    static void stop() {
        Closing.all(second, first, broker);
    }

    @Test
    void thePublicRoutesTakeABearerToken() throws Exception {
        HttpResponse<String> none = get(api + "/api/hotspots", Map.of());
        assertEquals(401, none.statusCode());
        assertTrue(
                none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                none.headers().toString());
        HttpResponse<String> wrong = get(api + "/api/hotspots", bearer("not-" + TOKEN));
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains(TOKEN), "the error never echoes a token");
        assertEquals(200, get(api + "/api/hotspots", bearer(TOKEN)).statusCode());

        assertEquals(200, get(api + "/api/health/live", Map.of()).statusCode(), "probes carry no token");
        assertEquals(200, get(api + "/", Map.of()).statusCode(), "the map's page loads; its requests carry the token");
        assertEquals(
                401, get(api + "/api/hotspots", bearer(SECRET)).statusCode(), "the instances' secret is no API token");
    }

    @Test
    void allSegmentsAreGatheredFromBothInstancesOverHttpsWithTheSecret() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int withLiveState;
        do {
            HttpResponse<String> answer = get(api + "/api/segments", bearer(TOKEN));
            assertEquals(200, answer.statusCode(), answer.body());
            withLiveState = 0;
            for (JsonNode segment : JSON.readTree(answer.body())) {
                withLiveState += segment.get("live").isNull() ? 0 : 1;
            }
            Thread.sleep(200);
        } while (withLiveState < network.size() && System.nanoTime() < deadline);
        assertEquals(network.size(), withLiveState, "every segment's live state, half of them from the other instance");
        for (Segment segment : network.segments()) {
            HttpResponse<String> one = get(api + "/api/segments/" + segment.id(), bearer(TOKEN));
            assertEquals(200, one.statusCode(), one.body());
            assertEquals(
                    40.0, JSON.readTree(one.body()).at("/segment/live/speedKph").asDouble(), segment.id());
        }
    }

    @Test
    void theInternalRoutesAnswerOnlyOnTheInternalPortAndOnlyToTheSecret() throws Exception {
        assertEquals(404, get(api + "/internal/hotspots", bearer(SECRET)).statusCode(), "not on the public port");
        assertEquals(404, get(api + "/metrics", bearer(SECRET)).statusCode());
        assertEquals(
                404,
                get(internal + "/api/hotspots", bearer(TOKEN)).statusCode(),
                "and the public routes not on the internal one");

        assertEquals(401, get(internal + "/internal/hotspots", Map.of()).statusCode());
        assertEquals(
                401,
                get(internal + "/internal/hotspots", bearer(TOKEN)).statusCode(),
                "an API token is not the instances' secret");
        assertEquals(200, get(internal + "/internal/hotspots", bearer(SECRET)).statusCode());

        assertEquals(401, get(internal + "/metrics", Map.of()).statusCode());
        HttpResponse<String> metrics = get(internal + "/metrics", bearer(SECRET));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("# TYPE"), "Prometheus text");
    }

    @Test
    void plainHttpGetsNothing() {
        HttpClient plain =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String url = "http://127.0.0.1:" + config.api().port() + "/api/health/live";
        try {
            HttpResponse<String> answer = plain.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(answer.statusCode() >= 400, "plain http must not be served: HTTP " + answer.statusCode());
        } catch (IOException refused) {
            // the TLS listener hangs up on a plain request: as it should
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theStreamTakesTheTokenAsAParameterBecauseEventSourceCannotSendHeaders() throws Exception {
        assertEquals(
                401,
                get(api + "/api/stream", Map.of("Accept", "text/event-stream")).statusCode());
        try (SseRecorder stream = new SseRecorder(https, api + "/api/stream?access_token=" + TOKEN, Map.of())) {
            stream.awaitConnected(WAIT);
        }
    }

    @Test
    void browsersOnTheAllowedOriginMayCallTheApiAndReadItsValidators() throws Exception {
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(api + "/api/segments"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,if-none-match"));
        assertTrue(preflight.statusCode() < 300, "preflight: HTTP " + preflight.statusCode());
        assertEquals(
                ALLOWED_ORIGIN,
                preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                preflight.headers().toString());
        assertTrue(
                preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElse("")
                        .toLowerCase()
                        .contains("authorization"),
                preflight.headers().toString());

        Map<String, String> fromAllowed = new HashMap<>(bearer(TOKEN));
        fromAllowed.put("Origin", ALLOWED_ORIGIN);
        HttpResponse<String> call = get(api + "/api/hotspots", fromAllowed);
        assertEquals(
                ALLOWED_ORIGIN,
                call.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(
                call.headers()
                        .firstValue("Access-Control-Expose-Headers")
                        .orElse("")
                        .contains("ETag"),
                call.headers().toString());

        Map<String, String> fromElsewhere = new HashMap<>(bearer(TOKEN));
        fromElsewhere.put("Origin", "https://evil.example.net");
        assertTrue(
                get(api + "/api/hotspots", fromElsewhere)
                        .headers()
                        .firstValue("Access-Control-Allow-Origin")
                        .isEmpty(),
                "another origin is not allowed: the browser keeps the answer from its page");
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return https.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path truststore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            store.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The JDK's keytool: keys made at test time, so no private key is ever committed. */
    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
