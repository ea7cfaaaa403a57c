package io.roadmirror.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
 * What stands in front of a production registry, in front of a real one: an ingress that
 * terminates TLS, requires a client certificate and accepts a fixed set of Authorization headers
 * ({@link #tls}), or a plain one ({@link #plain}) that an operator's change can turn into a
 * refusal ({@link #refuseWith}: an expired password, a revoked role, a route to the registry
 * removed). An upstream that does not answer makes the proxy drop the connection, as an
 * unreachable registry would. Every error the upstream answered is kept ({@link #upstreamErrors}),
 * to tell afterwards what the registry itself said while it stopped and started.
 */
public final class RegistryProxy implements AutoCloseable {
    private final HttpServer server;
    private final boolean tls;
    private final URI upstream;
    private final Set<String> acceptedAuthorizations; // null: no check
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> clientCertificates = new CopyOnWriteArrayList<>();
    private final List<String> upstreamErrors = new CopyOnWriteArrayList<>();
    private volatile int refusal; // 0: forward

    private RegistryProxy(HttpServer server, boolean tls, URI upstream, Set<String> acceptedAuthorizations) {
        this.server = server;
        this.tls = tls;
        this.upstream = upstream;
        this.acceptedAuthorizations = acceptedAuthorizations;
    }

    /**
     * HTTPS with the test server certificate, a required client certificate, and 401 for any other Authorization.
     *
     * @param upstream the registry's origin, e.g. http://127.0.0.1:8081
     */
    public static RegistryProxy tls(URI upstream, Set<String> acceptedAuthorizations) throws IOException {
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
        return start(new RegistryProxy(server, true, upstream, acceptedAuthorizations));
    }

    /** Plain HTTP, forwarding everything until told to refuse. */
    public static RegistryProxy plain(URI upstream) throws IOException {
        return start(
                new RegistryProxy(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), false, upstream, null));
    }

    private static RegistryProxy start(RegistryProxy proxy) {
        proxy.server.createContext("/", proxy::forward);
        proxy.server.start();
        return proxy;
    }

    public URI origin() {
        return URI.create(
                (tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * From now on every request is answered with this status: 401 or 403 as a registry refusing the caller does
     * (with its JSON error), 404 as a path that is not a registry API does (plain text, no registry error code).
     */
    public void refuseWith(int status) {
        refusal = status;
    }

    /** From now on requests are forwarded again. */
    public void forward() {
        refusal = 0;
    }

    /** Each answer of the upstream registry with a status of 300 or more: method, path, status and body. */
    public List<String> upstreamErrors() {
        return List.copyOf(upstreamErrors);
    }

    /** Subjects of the client certificates presented so far (TLS only). */
    public List<String> clientCertificates() {
        return List.copyOf(clientCertificates);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange instanceof HttpsExchange secure) {
                var peer = secure.getSSLSession().getPeerCertificates();
                clientCertificates.add(
                        ((X509Certificate) peer[0]).getSubjectX500Principal().getName());
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            int refused = refusal != 0
                    ? refusal
                    : acceptedAuthorizations != null
                                    && (authorization == null || !acceptedAuthorizations.contains(authorization))
                            ? 401
                            : 0;
            if (refused == 404) {
                reply(exchange, 404, "text/plain", "Not Found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (refused != 0) {
                String json = "{\"error_code\":" + refused + ",\"message\":\""
                        + (refused == 401 ? "Unauthorized" : "Forbidden") + "\"}";
                reply(exchange, refused, "application/json", json.getBytes(StandardCharsets.UTF_8));
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
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException upstreamDown) {
                return; // closed without an answer: the caller sees what an unreachable registry gives
            }
            if (response.statusCode() >= 300) {
                String answer = new String(response.body(), StandardCharsets.UTF_8);
                upstreamErrors.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " -> "
                        + response.statusCode() + " " + (answer.length() > 200 ? answer.substring(0, 200) : answer));
            }
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
