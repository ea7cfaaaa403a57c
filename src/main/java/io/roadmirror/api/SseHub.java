package io.roadmirror.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The clients of {@code /api/stream} and what they are sent: each {@link LiveFeed.Event} as a
 * server-sent event named after its kind, its data the JSON view, its id {@code <boot>-<n>}.
 *
 * <p>Publishing never waits for a client: each client has a bounded queue and its own writer
 * ({@link SseSubscriber}); one that falls {@code queueCapacity} events behind is dropped (its
 * browser reconnects and resumes). The last {@code replayCapacity} events are kept, so a client
 * reconnecting with {@code Last-Event-ID} gets what it missed; one that cannot (too old, another
 * instance's id, or events lost while the feed recovered) gets a {@code reset} event: reload.
 * A comment every 15 s keeps proxies from closing an idle stream and finds clients that went away.
 *
 * <p>Nobody watching, nothing rendered: once the last client has been gone for {@link #RENDER_AFTER_LAST_CLIENT}
 * (or before the first came), events are counted but not decoded or rendered, and a client that comes back with
 * an old {@code Last-Event-ID} gets a reset. A headless instance decoded and rendered every state it published for
 * nobody: 3 % of the pipeline's CPU in a drain. The grace keeps a client that drops and reconnects whole.
 */
final class SseHub implements LiveFeed.Sink, AutoCloseable {
    static final String RESET = "reset";
    /** How long events are still rendered after the last client left, for a client that reconnects. */
    static final Duration RENDER_AFTER_LAST_CLIENT = Duration.ofMinutes(2);

    private static final long HEARTBEAT_SECONDS = 15;

    /** One event, or a comment when {@code id} is null. */
    record Frame(String id, String event, String data) {
        static Frame comment(String text) {
            return new Frame(null, null, text);
        }
    }

    private final ObjectMapper json;
    private final int maxClients;
    private final int queueCapacity;
    private final int replayCapacity;
    private final String boot = UUID.randomUUID().toString().substring(0, 8);
    private final Set<SseSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    /** Guards sequence, replay and the subscriber set's membership against publishing: a joining client misses nothing and gets nothing twice. */
    private final Object order = new Object();

    private final LongSupplier nanoClock;
    /** When the last client left; at start, long enough ago that nothing is rendered for nobody. */
    private volatile long lastClientLeftNanos;

    private final ArrayDeque<Frame> replay;
    private long sequence;
    /** Replay cannot reach back past this sequence (events were lost before it). */
    private long replayFloor;

    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "roadmirror-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    SseHub(ObjectMapper json, int maxClients, int queueCapacity, int replayCapacity) {
        this(json, maxClients, queueCapacity, replayCapacity, System::nanoTime);
    }

    SseHub(ObjectMapper json, int maxClients, int queueCapacity, int replayCapacity, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastClientLeftNanos = nanoClock.getAsLong() - RENDER_AFTER_LAST_CLIENT.toNanos();
        this.json = json;
        this.maxClients = maxClients;
        this.queueCapacity = queueCapacity;
        this.replayCapacity = replayCapacity;
        this.replay = new ArrayDeque<>(Math.min(replayCapacity, 4096));
        heartbeat.scheduleAtFixedRate(
                () -> subscribers.forEach(s -> offer(s, Frame.comment("heartbeat"))),
                HEARTBEAT_SECONDS,
                HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
    }

    /** Reserves a place for a new client before its stream opens; false = full (the client gets a 503). */
    boolean admit() {
        while (true) {
            int now = admitted.get();
            if (now >= maxClients) {
                return false;
            }
            if (admitted.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    int maxClients() {
        return maxClients;
    }

    /** Starts streaming to an admitted client: first what it missed since {@code lastEventId} (or a reset), then every new event. */
    void register(SseClient client, String lastEventId) {
        client.keepAlive();
        SseSubscriber subscriber = new SseSubscriber(client, queueCapacity, this::remove);
        synchronized (order) {
            subscriber.offer(Frame.comment("connected"));
            if (lastEventId != null && !lastEventId.isBlank()) {
                for (Frame missed : missedSince(lastEventId.trim())) {
                    subscriber.offer(missed);
                }
            }
            subscribers.add(subscriber);
        }
        client.onClose(subscriber::stop);
        subscriber.start();
    }

    /** The buffered events after the given id, or a reset when the buffer cannot say what was missed. */
    private List<Frame> missedSince(String lastEventId) {
        long last = sequenceOf(lastEventId);
        if (last < 0
                || last > sequence
                || last < replayFloor
                || sequence - last > Math.min(replay.size(), queueCapacity - 1)) {
            return List.of(new Frame(boot + "-" + sequence, RESET, "{}"));
        }
        return replay.stream().skip(replay.size() - (sequence - last)).toList();
    }

    /** The sequence number of an id this process gave; -1 for another process's (or a malformed) id. */
    private long sequenceOf(String id) {
        if (!id.startsWith(boot + "-")) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(boot.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void offer(Supplier<LiveFeed.Event> event) {
        synchronized (order) {
            if (subscribers.isEmpty()
                    && nanoClock.getAsLong() - lastClientLeftNanos >= RENDER_AFTER_LAST_CLIENT.toNanos()) {
                ++sequence; // still a change: cached answers depend on it
                replay.clear();
                replayFloor = sequence;
                return;
            }
        }
        accept(event.get());
    }

    @Override
    public void accept(LiveFeed.Event event) {
        String data = new String(Answers.render(json, event.payload()), StandardCharsets.UTF_8);
        synchronized (order) {
            Frame frame = new Frame(boot + "-" + (++sequence), event.name(), data);
            remember(frame);
            subscribers.forEach(s -> offer(s, frame));
        }
    }

    /** Events were lost: nothing buffered can bring a client up to date; every client is told to reload. */
    @Override
    public void resync() {
        synchronized (order) {
            Frame frame = new Frame(boot + "-" + (++sequence), RESET, "{}");
            replay.clear();
            replayFloor = sequence;
            subscribers.forEach(s -> offer(s, frame));
        }
    }

    private void remember(Frame frame) {
        if (replayCapacity == 0) {
            replayFloor = sequence;
            return;
        }
        if (replay.size() == replayCapacity) {
            replay.removeFirst();
        }
        replay.addLast(frame);
    }

    /** Never waits: a client whose queue is full is dropped. */
    private void offer(SseSubscriber subscriber, Frame frame) {
        if (!subscriber.offer(frame)) {
            dropped.incrementAndGet();
            subscriber.drop("it fell " + queueCapacity + " events behind");
        }
    }

    private void remove(SseSubscriber subscriber) {
        if (subscribers.remove(subscriber)) {
            admitted.decrementAndGet();
            lastClientLeftNanos = nanoClock.getAsLong();
        }
    }

    /** The events published so far: changes whenever the mirror, a hotspot or an advisory changed. */
    long sequence() {
        synchronized (order) {
            return sequence;
        }
    }

    int clients() {
        return subscribers.size();
    }

    long droppedClients() {
        return dropped.get();
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        subscribers.forEach(s -> s.drop("the server is stopping"));
        subscribers.clear();
    }
}
