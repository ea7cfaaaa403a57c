package io.roadmirror.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A server-sent-events client that records every event of a stream (RFC: "event:" and "data:"
 * lines, a blank line ends an event; lines starting with ':' are comments).
 */
public final class SseRecorder implements AutoCloseable {
    /** One received event; {@code data} parsed as JSON; {@code id} null when the server gave none. */
    public record Event(String name, JsonNode data, String id) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Event> events = new ArrayList<>();
    private final CountDownLatch firstComment = new CountDownLatch(1);
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private String contentType = "";

    public SseRecorder(String url) {
        this(url, Map.of());
    }

    /** Resuming a stream, as a browser's EventSource does after a lost connection. */
    public SseRecorder(String url, String lastEventId) {
        this(url, Map.of("Last-Event-ID", lastEventId));
    }

    public SseRecorder(String url, Map<String, String> headers) {
        this(HttpClient.newHttpClient(), url, headers);
    }

    public SseRecorder(HttpClient client, String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        response = client.sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            contentType = r.headers().firstValue("Content-Type").orElse("");
            read(r.body());
        });
    }

    private void read(Stream<String> lines) {
        String name = "message";
        String id = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) lines::iterator) {
            if (line.startsWith(":")) {
                firstComment.countDown();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.isEmpty() && data.length() > 0) {
                try {
                    Event event = new Event(name, JSON.readTree(data.toString()), id);
                    synchronized (events) {
                        events.add(event);
                        events.notifyAll();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("event data is not JSON: " + data, e);
                }
                name = "message";
                id = null;
                data.setLength(0);
            }
        }
    }

    /** Waits for the server's greeting: from then on this client is registered and gets every change. */
    public SseRecorder awaitConnected(Duration timeout) throws InterruptedException {
        if (!firstComment.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the event stream did not open within " + timeout.toSeconds() + " s");
        }
        return this;
    }

    /** The events of that name received so far, in order. */
    public List<Event> events(String name) {
        synchronized (events) {
            return events.stream().filter(e -> e.name().equals(name)).toList();
        }
    }

    public String contentType() {
        return contentType;
    }

    public Event await(String name, Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (e.name().equals(name) && condition.test(e.data())) {
                        return e;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError(
                            "no '" + name + "' event as expected within " + timeout.toSeconds() + " s; got "
                                    + events.stream()
                                            .map(e -> e.name() + " " + e.data())
                                            .limit(30)
                                            .toList());
                }
                events.wait(left);
            }
        }
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
