package io.roadmirror.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * TLS termination and authentication in front of a plain-http registry, as a production ingress
 * does: HTTPS with the test server certificate, a required client certificate, and a fixed set of
 * accepted Authorization headers (401 otherwise). Everything else is forwarded as it came.
 */
public final class TlsRegistryProxy implements AutoCloseable {
    private final HttpsServer server;
    private final URI upstream;
    private final Set<String> acceptedAuthorizations;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> clientCertificates = new CopyOnWriteArrayList<>();

    private TlsRegistryProxy(HttpsServer server, URI upstream, Set<String> acceptedAuthorizations) {
        this.server = server;
        this.upstream = upstream;
        this.acceptedAuthorizations = acceptedAuthorizations;
    }

    /** @param upstream the registry's origin, e.g. http://127.0.0.1:8081 */
    public static TlsRegistryProxy start(URI upstream, Set<String> acceptedAuthorizations) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        SSLContext context = TestCertificates.get().serverContext();
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        TlsRegistryProxy proxy = new TlsRegistryProxy(server, upstream, acceptedAuthorizations);
        server.createContext("/", proxy::forward);
        server.start();
        return proxy;
    }

    public URI origin() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Subjects of the client certificates presented so far. */
    public List<String> clientCertificates() {
        return List.copyOf(clientCertificates);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            var peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            clientCertificates.add(
                    ((X509Certificate) peer[0]).getSubjectX500Principal().getName());
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !acceptedAuthorizations.contains(authorization)) {
                reply(
                        exchange,
                        401,
                        "application/json",
                        "{\"error_code\":401,\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(upstream + exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Accept", "Content-Type")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(
                    exchange,
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
