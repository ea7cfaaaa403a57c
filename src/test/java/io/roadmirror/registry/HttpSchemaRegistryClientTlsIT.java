package io.roadmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.testing.LogCapture;
import io.roadmirror.testing.RegistryProxy;
import io.roadmirror.testing.SecuredBroker;
import io.roadmirror.testing.SharedInfra;
import io.roadmirror.testing.TestCertificates;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The registry client against the real Apicurio registry behind TLS, as production runs it: https
 * with a private CA's truststore, a client certificate (mutual TLS), and basic auth or a bearer
 * token, configured exactly as a user would (schema.registry.* settings).
 */
@Timeout(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpSchemaRegistryClientTlsIT {
    private static final String USER_INFO = "svc-pipeline:" + SecuredBroker.randomSecret("reg-pw-");
    private static final String TOKEN = SecuredBroker.randomSecret("reg-token-");

    private static LogCapture logs;
    private static RegistryProxy proxy;
    private static TestCertificates certs;

    @BeforeAll
    static void start() throws Exception {
        logs = new LogCapture();
        certs = TestCertificates.get();
        URI registry = SharedInfra.registryUrl();
        proxy = RegistryProxy.tls(
                URI.create("http://" + registry.getAuthority()),
                Set.of(
                        "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8)),
                        "Bearer " + TOKEN));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static String url() {
        return proxy.origin() + SharedInfra.registryUrl().getPath();
    }

    /** The settings of a client with the truststore and the client certificate, plus the given ones. */
    private static RoadmirrorConfig config(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "schema.registry.url", url(),
                "schema.registry.ssl.truststore.location", certs.truststore().toString(),
                "schema.registry.ssl.truststore.password", certs.password(),
                "schema.registry.ssl.keystore.location", certs.clientKeystore().toString(),
                "schema.registry.ssl.keystore.password", certs.password()));
        settings.putAll(more);
        return RoadmirrorConfig.of(settings);
    }

    private static Schema schema() {
        return SchemaBuilder.record("Tls")
                .namespace("test")
                .fields()
                .requiredString("id")
                .endRecord();
    }

    @Test
    void registersAndReadsOverMutualTlsWithBasicAuth() {
        String subject = "tls-" + UUID.randomUUID() + "-value";
        RoadmirrorConfig config = config(Map.of("schema.registry.basic.auth.user.info", USER_INFO));
        int id;
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config.registry())) {
            id = client.register(subject, schema());
        }
        try (HttpSchemaRegistryClient fresh = new HttpSchemaRegistryClient(config.registry())) {
            assertEquals(schema(), fresh.schemaById(id));
            assertEquals(id, fresh.latest(subject).id());
        }
        assertTrue(
                proxy.clientCertificates().contains("CN=" + TestCertificates.CLIENT_CN),
                proxy.clientCertificates().toString());
    }

    @Test
    void aBearerTokenWorksAsWell() {
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                config(Map.of("schema.registry.bearer.auth.token", TOKEN)).registry())) {
            String subject = "tls-bearer-" + UUID.randomUUID() + "-value";
            int id = client.register(subject, schema());
            assertEquals(id, client.latest(subject).id());
        }
    }

    @Test
    void wrongCredentialsAreRefusedWithAMessageThatNamesTheSettingButNotTheSecret() {
        String wrong = "svc-pipeline:" + SecuredBroker.randomSecret("wrong-");
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                config(Map.of("schema.registry.basic.auth.user.info", wrong)).registry())) {
            RegistryException e = assertThrows(RegistryException.class, client::subjects);
            assertEquals(401, e.httpStatus());
            assertTrue(e.getMessage().contains("schema.registry.basic.auth.user.info"), e.getMessage());
            assertFalse(e.getMessage().contains(wrong.substring(wrong.indexOf(':') + 1)), e.getMessage());
        }
    }

    @Test
    void withoutAClientCertificateOrWithoutTheTruststoreThereIsNoConnection() {
        Map<String, String> noCertificate = Map.of(
                "schema.registry.url",
                url(),
                "schema.registry.bearer.auth.token",
                TOKEN,
                "schema.registry.ssl.truststore.location",
                certs.truststore().toString(),
                "schema.registry.ssl.truststore.password",
                certs.password());
        try (HttpSchemaRegistryClient client =
                new HttpSchemaRegistryClient(RoadmirrorConfig.of(noCertificate).registry())) {
            assertThrows(RegistryUnavailableException.class, client::subjects);
        }
        Map<String, String> untrusted = Map.of(
                "schema.registry.url",
                url(),
                "schema.registry.bearer.auth.token",
                TOKEN,
                "schema.registry.ssl.keystore.location",
                certs.clientKeystore().toString(),
                "schema.registry.ssl.keystore.password",
                certs.password());
        try (HttpSchemaRegistryClient client =
                new HttpSchemaRegistryClient(RoadmirrorConfig.of(untrusted).registry())) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, client::subjects);
            assertTrue(e.getMessage().contains(proxy.origin().toString()), e.getMessage());
        }
    }

    @Test
    void credentialsInTheUrlAreUsedAndNeverShown() {
        String password = USER_INFO.substring(USER_INFO.indexOf(':') + 1);
        String withUserInfo = url().replace("https://", "https://" + USER_INFO + "@");
        RoadmirrorConfig config = config(Map.of("schema.registry.url", withUserInfo));
        assertFalse(config.toString().contains(password), config.toString());
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config.registry())) {
            client.register("tls-url-" + UUID.randomUUID() + "-value", schema());
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretReachedTheLogs() {
        String password = USER_INFO.substring(USER_INFO.indexOf(':') + 1);
        assertEquals(List.of(), logs.leaked(List.of(password, TOKEN, certs.password())), "secrets in the logs");
    }
}
