package io.roadmirror.registry;

import io.roadmirror.config.RegistrySettings;
import io.roadmirror.config.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** What the client sends as its Authorization header: HTTP basic or a bearer token. Never printed. */
public final class RegistryCredentials {
    private final String kind;
    private final String header;

    private RegistryCredentials(String kind, String header) {
        this.kind = kind;
        this.header = header;
    }

    /** @param userInfo user:password */
    public static RegistryCredentials basic(String userInfo) {
        return new RegistryCredentials(
                "basic", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    public static RegistryCredentials bearer(String token) {
        return new RegistryCredentials("bearer", "Bearer " + token);
    }

    public static Optional<RegistryCredentials> of(RegistrySettings settings) {
        return settings.basicAuthUserInfo()
                .map(RegistryCredentials::basic)
                .or(() -> settings.bearerToken().map(RegistryCredentials::bearer));
    }

    String header() {
        return header;
    }

    @Override
    public String toString() {
        return kind + " " + Secrets.HIDDEN;
    }
}
