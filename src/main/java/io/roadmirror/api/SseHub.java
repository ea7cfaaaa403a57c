package io.roadmirror.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clients of {@code /api/stream} and what they are sent: each {@link LiveFeed.Event} as a
 * server-sent event named after its kind, its data the JSON view. A comment every 15 s keeps
 * proxies from closing an idle stream and finds clients that went away.
 */
final class SseHub implements AutoCloseable {
    private static final long HEARTBEAT_SECONDS = 15;

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "roadmirror-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    SseHub(ObjectMapper json) {
        this.json = json;
        heartbeat.scheduleAtFixedRate(() -> clients.forEach(c -> send(c, null, "heartbeat")),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    void register(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        send(client, null, "connected");
    }

    void publish(LiveFeed.Event event) {
        String data;
        try {
            data = json.writeValueAsString(event.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a " + event.name() + " event", e);
        }
        clients.forEach(c -> send(c, event.name(), data));
    }

    /** One writer per client at a time: the feed and the heartbeat run on different threads. A null event is a comment. */
    private void send(SseClient client, String event, String data) {
        synchronized (client) {
            if (client.terminated()) {
                clients.remove(client);
            } else if (event == null) {
                client.sendComment(data);
            } else {
                client.sendEvent(event, data);
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
