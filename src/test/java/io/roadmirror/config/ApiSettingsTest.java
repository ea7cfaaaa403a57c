package io.roadmirror.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ApiSettingsTest {
    @Test
    void byDefaultTheApiListensOnLoopbackPort8080AndAnnouncesThatAddress() {
        ApiSettings api = RoadmirrorConfig.defaults().api();
        assertEquals("127.0.0.1", api.host());
        assertEquals(8080, api.port());
        assertEquals("127.0.0.1:8080", api.applicationServer());
        assertEquals("http://127.0.0.1:8080/", api.localUrl());
    }

    @Test
    void aWildcardBindIsAnnouncedByHostNameAndOpenedThroughLocalhost() {
        ApiSettings api = RoadmirrorConfig.of(Map.of("api.host", "0.0.0.0", "api.port", "9000"))
                .api();
        assertTrue(api.applicationServer().endsWith(":9000"), api.applicationServer());
        assertTrue(!api.advertisedHost().equals("0.0.0.0"), "other instances cannot connect to 0.0.0.0");
        assertEquals("http://localhost:9000/", api.localUrl());
    }

    @Test
    void anExplicitApplicationServerWins() {
        ApiSettings api = RoadmirrorConfig.of(Map.of("application.server", "roadmirror-2:8080", "api.port", "9000"))
                .api();
        assertEquals("roadmirror-2", api.advertisedHost());
        assertEquals(8080, api.advertisedPort());
    }

    @Test
    void anApplicationServerWithoutPortIsRefusedSayingHowToSetIt() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> RoadmirrorConfig.of(Map.of("application.server", "roadmirror-2")));
        assertTrue(
                e.getMessage().contains("application.server = 'roadmirror-2'")
                        && e.getMessage().contains("--application-server"),
                e.getMessage());
    }

    @Test
    void withASeparateInternalPortTheOtherInstancesAreToldThatPort() {
        ApiSettings api = RoadmirrorConfig.of(Map.of("api.port", "9000", "api.internal.port", "9001"))
                .api();
        assertEquals("127.0.0.1:9001", api.applicationServer());
        assertEquals(Optional.of(9001), api.internalPort());
        ConfigException same = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.of(Map.of("api.port", "9000", "api.internal.port", "9000")));
        assertTrue(same.getMessage().contains("give the internal routes another port"), same.getMessage());
    }

    @Test
    void secretsAppearNeitherInToStringNorInErrors(@TempDir Path dir) throws Exception {
        String token = "tok-" + "a".repeat(30);
        String secret = "sec-" + "b".repeat(30);
        Path tokens = Files.writeString(dir.resolve("tokens"), "# readers\n" + token + "\n\n");
        ApiSettings api = RoadmirrorConfig.of(
                        Map.of("api.auth.tokens.file", tokens.toString(), "api.internal.secret", secret))
                .api();
        assertEquals(List.of(token), api.auth().tokens());
        assertEquals(Optional.of(secret), api.auth().internalSecret());
        String printed = RoadmirrorConfig.of(
                        Map.of("api.auth.tokens.file", tokens.toString(), "api.internal.secret", secret))
                .toString();
        assertFalse(printed.contains(token) || printed.contains(secret), printed);

        ConfigException shortOnes = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.of(
                        Map.of("api.auth.tokens", "short-token", "api.internal.secret", "short-secret")));
        assertFalse(
                shortOnes.getMessage().contains("short-token")
                        || shortOnes.getMessage().contains("short-secret"),
                shortOnes.getMessage());
        assertTrue(shortOnes.getMessage().contains("shorter than 16 characters"), shortOnes.getMessage());
    }

    @Test
    void tokensWithoutAnInternalSecretWouldLeaveTheInternalRoutesOpen() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> RoadmirrorConfig.of(Map.of("api.auth.tokens", "t".repeat(20))));
        assertTrue(
                e.getMessage().contains("api.internal.secret is not set")
                        && e.getMessage().contains("ROADMIRROR_API_INTERNAL_SECRET"),
                e.getMessage());
    }

    @Test
    void aKeystoreThatDoesNotOpenStopsTheStartWithoutShowingThePassword(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("api.p12");
        char[] password = "right-password".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        try (var out = Files.newOutputStream(keystore)) {
            store.store(out, password);
        }
        ApiSettings ok = RoadmirrorConfig.of(
                        Map.of("api.tls.keystore", keystore.toString(), "api.tls.keystore.password", "right-password"))
                .api();
        assertEquals("https://127.0.0.1:8080/", ok.localUrl());
        assertFalse(ok.toString().contains("right-password"), ok.toString());

        ConfigException wrong = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.of(Map.of(
                        "api.tls.keystore", keystore.toString(), "api.tls.keystore.password", "wrong-password")));
        assertTrue(wrong.getMessage().contains("cannot be opened as a PKCS12 store"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("wrong-password"), wrong.getMessage());

        ConfigException missing = assertThrows(
                ConfigException.class, () -> RoadmirrorConfig.of(Map.of("api.tls.keystore", keystore.toString())));
        assertTrue(missing.getMessage().contains("ROADMIRROR_API_TLS_KEYSTORE_PASSWORD"), missing.getMessage());
    }

    @Test
    void corsTakesOriginsOnly() {
        assertEquals(
                List.of("https://maps.example.com", "http://localhost:3000"),
                RoadmirrorConfig.of(
                                Map.of("api.cors.allowed.origins", "https://maps.example.com, http://localhost:3000"))
                        .api()
                        .corsOrigins());
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.of(Map.of("api.cors.allowed.origins", "https://maps.example.com/app")));
        assertTrue(e.getMessage().contains("expected scheme://host[:port] without a path"), e.getMessage());
    }

    @Test
    void theBulkShareCannotExceedTheWhole() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.of(Map.of("api.max.concurrent.requests", "4", "api.max.concurrent.bulk", "8")));
        assertTrue(
                e.getMessage().contains("api.max.concurrent.bulk (8) is more than api.max.concurrent.requests (4)"),
                e.getMessage());
    }
}
