package io.roadmirror.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
        ApiSettings api = RoadmirrorConfig.of(Map.of("api.host", "0.0.0.0", "api.port", "9000")).api();
        assertTrue(api.applicationServer().endsWith(":9000"), api.applicationServer());
        assertTrue(!api.advertisedHost().equals("0.0.0.0"), "other instances cannot connect to 0.0.0.0");
        assertEquals("http://localhost:9000/", api.localUrl());
    }

    @Test
    void anExplicitApplicationServerWins() {
        ApiSettings api = RoadmirrorConfig.of(Map.of("application.server", "roadmirror-2:8080", "api.port", "9000")).api();
        assertEquals("roadmirror-2", api.advertisedHost());
        assertEquals(8080, api.advertisedPort());
    }

    @Test
    void anApplicationServerWithoutPortIsRefusedSayingHowToSetIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> RoadmirrorConfig.of(Map.of("application.server", "roadmirror-2")));
        assertTrue(e.getMessage().contains("application.server = 'roadmirror-2'") && e.getMessage().contains("--application-server"),
                e.getMessage());
    }
}
