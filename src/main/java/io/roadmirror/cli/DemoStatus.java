package io.roadmirror.cli;

import io.roadmirror.config.ClientProperties;
import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.sim.SimulationRunner;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.topics.Topic;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The demo's live view: a status line refreshed every second (simulated clock, events per second
 * in, segments by congestion, open incidents, hotspots, advisories, dead letters, consumer lag),
 * and notable advisories printed above it as one readable line each, as a subscriber receives them.
 * On a terminal the line is redrawn in place; otherwise a status line is printed every 10 s.
 */
final class DemoStatus implements AutoCloseable {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final boolean terminal;
    private final KafkaStreams streams;
    private final PipelineMetrics metrics;
    private final SimulationRunner simulator;
    private final Thread printer;
    private final Thread listener;
    private final ConcurrentLinkedQueue<String> notable = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private double lastIn;
    private long ticks;

    DemoStatus(
            PrintWriter out,
            boolean terminal,
            KafkaStreams streams,
            PipelineMetrics metrics,
            SimulationRunner simulator,
            Properties clientProperties,
            Topic<String, RoutingAdvisory> advisories) {
        this.out = out;
        this.terminal = terminal;
        this.streams = streams;
        this.metrics = metrics;
        this.simulator = simulator;
        this.printer = new Thread(this::printLoop, "demo-status");
        this.listener = new Thread(() -> listen(clientProperties, advisories), "demo-advisories");
        printer.setDaemon(true);
        listener.setDaemon(true);
    }

    DemoStatus start() {
        listener.start();
        printer.start();
        return this;
    }

    private void printLoop() {
        try {
            while (running) {
                Thread.sleep(1000);
                ticks++;
                String status = statusLine();
                synchronized (out) {
                    String line;
                    while ((line = notable.poll()) != null) {
                        out.print(terminal ? "\r\u001b[2K" + line + "\n" : line + "\n");
                    }
                    if (terminal) {
                        out.print("\r\u001b[2K" + status);
                    } else if (ticks % 10 == 0) {
                        out.println(status);
                    }
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String statusLine() {
        double in = metrics.total("roadmirror.records.in");
        double rate = in - lastIn;
        lastIn = in;
        MirrorSnapshot mirror = MirrorSnapshot.of(streams);
        String clock = simulator == null
                ? "no simulator"
                : "sim " + CLOCK.format(Instant.ofEpochMilli(simulator.simulatedTime()));
        String segments = mirror == null
                ? "mirror: " + streams.state()
                : String.format(
                        Locale.ROOT,
                        "free %d slow %d congested %d stopped %d unknown %d",
                        mirror.count(CongestionLevel.FREE_FLOW),
                        mirror.count(CongestionLevel.SLOW),
                        mirror.count(CongestionLevel.CONGESTED),
                        mirror.count(CongestionLevel.STOPPED),
                        mirror.count(CongestionLevel.UNKNOWN));
        return String.format(
                Locale.ROOT,
                "%s | in %.0f/s | %s | incidents %s | hotspots %s | advisories %.0f | dead letters %.0f | lag %s",
                clock,
                rate,
                segments,
                mirror == null ? "?" : mirror.openIncidents().size(),
                mirror == null ? "?" : mirror.hotspots().size(),
                metrics.total("roadmirror.advisories"),
                metrics.total("roadmirror.deadletters"),
                lag());
    }

    /** Records not yet consumed, summed over the pipeline's input partitions (the consumers' records-lag). */
    private String lag() {
        double sum = 0;
        for (Metric m : streams.metrics().values()) {
            if (m.metricName().name().equals("records-lag")
                    && m.metricName().tags().containsKey("partition")
                    && m.metricValue() instanceof Double d
                    && !d.isNaN()) {
                sum += d;
            }
        }
        return String.format(Locale.ROOT, "%.0f", sum);
    }

    private void listen(Properties clientProperties, Topic<String, RoutingAdvisory> topic) {
        try (KafkaConsumer<String, RoutingAdvisory> consumer = new KafkaConsumer<>(
                ClientProperties.committedReaderInOwnGroup(clientProperties, "roadmirror-demo-", "latest"),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            while (running) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (isNotable(r.value())) {
                        notable.add(describe(r.value()));
                    }
                });
            }
        } catch (RuntimeException e) {
            if (running) {
                notable.add("(advisory feed stopped: " + e.getMessage() + ")");
            }
        }
    }

    /** Incidents, closures, critical congestion and new hotspots; routine congestion is left to the map. */
    static boolean isNotable(RoutingAdvisory a) {
        return a.getKind() == AdvisoryKind.INCIDENT
                || a.getKind() == AdvisoryKind.CLOSURE
                || a.getKind() == AdvisoryKind.HOTSPOT
                || (a.getKind() == AdvisoryKind.CONGESTION && a.getSeverity() == AdvisorySeverity.CRITICAL);
    }

    static String describe(RoutingAdvisory a) {
        return String.format(
                Locale.ROOT,
                "[%s] %-8s %-10s %s",
                TIME.format(a.getEventTime()),
                a.getSeverity(),
                a.getKind(),
                a.getMessage());
    }

    @Override
    public void close() {
        running = false;
        printer.interrupt();
        try {
            printer.join(2000);
            listener.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (out) {
            if (terminal) {
                out.print("\r\u001b[2K");
            }
            out.flush();
        }
    }
}
