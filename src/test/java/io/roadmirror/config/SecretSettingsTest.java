package io.roadmirror.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Secrets in the configuration: accepted where they are safe, refused where they would leak, never printed. */
@Timeout(10)
class SecretSettingsTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"pipeline\" password=\"jaas-pw-1\";";

    @Test
    void printingTheConfigurationShowsNoSecret() {
        RoadmirrorConfig config = RoadmirrorConfig.load(ConfigSources.layered(
                null,
                Map.of(
                        "ROADMIRROR_KAFKA_SASL_JAAS_CONFIG", JAAS,
                        "ROADMIRROR_KAFKA_SSL_KEYSTORE_PASSWORD", "ks-pw-2",
                        "ROADMIRROR_KAFKA_SSL_KEY_PASSWORD", "key-pw-3",
                        "ROADMIRROR_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "ROADMIRROR_SCHEMA_REGISTRY_URL", "https://registry:8081",
                        "ROADMIRROR_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "svc:reg-pw-4"),
                Map.of()));
        String printed = config.toString();
        for (String secret : List.of("jaas-pw-1", "ks-pw-2", "key-pw-3", "reg-pw-4")) {
            assertFalse(printed.contains(secret), secret + " in " + printed);
        }
        assertTrue(
                printed.contains("security.protocol=SASL_SSL") && printed.contains("sasl.jaas.config=[hidden]"),
                printed);
        assertEquals(
                JAAS,
                config.kafka().clientProperties().getProperty("sasl.jaas.config"),
                "clients still get the real value");
    }

    @Test
    void credentialsOverPlainHttpAreAConfigurationErrorUnlessAllowed() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.of(Map.of(
                        "schema.registry.url", "http://registry:8081", "schema.registry.bearer.auth.token", "tok-5")));
        assertTrue(
                e.getMessage().contains("schema.registry.allow-insecure-auth=true")
                        && e.getMessage().contains("https"),
                e.getMessage());
        assertFalse(e.getMessage().contains("tok-5"));

        RoadmirrorConfig allowed = RoadmirrorConfig.of(Map.of(
                "schema.registry.url",
                "http://registry:8081",
                "schema.registry.bearer.auth.token",
                "tok-5",
                "schema.registry.allow-insecure-auth",
                "true"));
        assertEquals(Optional.of("tok-5"), allowed.registry().bearerToken());
        assertTrue(
                RoadmirrorConfig.of(Map.of("schema.registry.url", "http://registry:8081"))
                        .registry()
                        .bearerToken()
                        .isEmpty(),
                "no credentials: plain http is fine");
    }

    @Test
    void basicAuthAndABearerTokenTogetherAreAnError() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.of(Map.of(
                        "schema.registry.url",
                        "https://r",
                        "schema.registry.bearer.auth.token",
                        "t",
                        "schema.registry.basic.auth.user.info",
                        "u:p")));
        assertTrue(e.getMessage().contains("keep one of them"), e.getMessage());
    }

    @Test
    void userInfoInTheRegistryUrlBecomesTheCredentialsAndLeavesTheUrl() {
        RegistrySettings registry = RoadmirrorConfig.of(
                        Map.of("schema.registry.url", "https://svc:p%40ss-6@registry:8081/apis/ccompat/v7"))
                .registry();
        assertEquals(List.of(URI.create("https://registry:8081/apis/ccompat/v7")), registry.urls());
        assertEquals(Optional.of("svc:p@ss-6"), registry.basicAuthUserInfo());
        assertFalse(registry.toString().contains("ss-6"), registry.toString());
    }

    @Test
    void anInvalidSecretIsReportedWithoutItsValue() {
        ConfigException badUserInfo = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.of(Map.of(
                        "schema.registry.url",
                        "https://r",
                        "schema.registry.basic.auth.user.info",
                        "no-colon-secret-7")));
        assertFalse(badUserInfo.getMessage().contains("no-colon-secret-7"), badUserInfo.getMessage());
        assertTrue(
                badUserInfo.getMessage().contains("schema.registry.basic.auth.user.info = '[hidden]'")
                        && badUserInfo.getMessage().contains("expected user:password"),
                badUserInfo.getMessage());

        ConfigException badUrl = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.of(Map.of("schema.registry.url", "ftp://svc:url-pw-8@registry")));
        assertFalse(badUrl.getMessage().contains("url-pw-8"), badUrl.getMessage());
        assertTrue(badUrl.getMessage().contains("ftp://[hidden]@registry"), badUrl.getMessage());
    }
}
