package io.roadmirror.api;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance of the application for what its local stores hold, through its
 * instance-local endpoints ({@link InternalRoutes}), and reads the answer into the same view
 * types this instance would have produced itself.
 */
final class PeerClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final ObjectMapper json;
    private final String scheme;
    private final Optional<String> secret;

    /**
     * @param tls    https to the peers, trusting the certificates of this context; empty = http
     * @param secret presented to the peers as a bearer token; empty = none
     */
    PeerClient(ObjectMapper json, Optional<SSLContext> tls, Optional<String> secret) {
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
        this.json = json;
        this.scheme = tls.isPresent() ? "https" : "http";
        this.secret = secret;
    }

    /**
     * @throws NotYetAvailable when the peer cannot be reached or answers 503 (e.g. it no longer owns the key)
     * @throws ApiException with the peer's status (404 passes through) for any other answer but 200
     */
    <T> T get(HostInfo peer, String pathAndQuery, JavaType type) {
        URI uri = URI.create(scheme + "://" + InstanceLocator.describe(peer) + pathAndQuery);
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        secret.ifPresent(s -> builder.header("Authorization", "Bearer " + s));
        HttpRequest request = builder.GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new NotYetAvailable("instance " + InstanceLocator.describe(peer) + " cannot be reached (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking instance " + InstanceLocator.describe(peer));
        }
        try {
            if (response.statusCode() == 200) {
                return json.readValue(response.body(), type);
            }
            String error = json.readValue(response.body(), ApiError.class).error();
            if (response.statusCode() == 503) {
                throw new NotYetAvailable("instance " + InstanceLocator.describe(peer) + ": " + error);
            }
            if (response.statusCode() == 404) {
                throw ApiException.notFound(error);
            }
            if (response.statusCode() == 401) {
                throw ApiException.unavailable(
                        "instance " + InstanceLocator.describe(peer) + " refused this instance's credentials: "
                                + "api.internal.secret must be the same on every instance");
            }
            throw ApiException.unavailable("instance " + InstanceLocator.describe(peer) + " answered HTTP "
                    + response.statusCode() + ": " + error);
        } catch (IOException e) {
            throw ApiException.unavailable("instance " + InstanceLocator.describe(peer)
                    + " sent an answer that is not what this version expects (" + e.getMessage()
                    + "); are all instances on the same version?");
        }
    }
}
