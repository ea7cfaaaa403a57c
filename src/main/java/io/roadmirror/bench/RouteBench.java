package io.roadmirror.bench;

import io.roadmirror.model.RouteRequest;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.topics.Topics;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Answer times of routes on request against a running instance (`roadmirror demo` or `run`): route
 * requests between random junctions of the network at a fixed rate, open loop (each request's time
 * counts from when it was due, so a stall is not hidden by sending less), first on route.requests
 * (until its answer is read from route.responses, read_committed), then on GET /api/route. Reports
 * the answer time percentiles and the statuses of each.
 */
public final class RouteBench {
    /** What one phase measured: answer times in milliseconds of the answered requests, and how many were not answered. */
    public record Result(String name, int sent, long[] millis, int unanswered, Map<String, Integer> statuses) {
        public double percentile(double p) {
            if (millis.length == 0) {
                return Double.NaN;
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        public String line() {
            return String.format(
                    Locale.ROOT,
                    "%-16s sent %,6d  answered %,6d  unanswered %,4d  p50 %6.0f ms  p90 %6.0f ms  p99 %6.0f ms  "
                            + "max %6.0f ms  %s",
                    name,
                    sent,
                    millis.length,
                    unanswered,
                    percentile(50),
                    percentile(90),
                    percentile(99),
                    percentile(100),
                    statuses);
        }
    }

    private final RoadNetwork network;
    private final Topics topics;
    private final Properties kafka;
    private final String api;
    private final int rate;
    private final Duration duration;
    private final int alternatives;
    private final Random random;
    private final List<String> nodes;

    public RouteBench(
            RoadNetwork network,
            Topics topics,
            Properties kafka,
            String api,
            int rate,
            Duration duration,
            int alternatives,
            long seed) {
        this.network = network;
        this.topics = topics;
        this.kafka = kafka;
        this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        this.rate = rate;
        this.duration = duration;
        this.alternatives = alternatives;
        this.random = new Random(seed);
        this.nodes = network.nodes().stream().sorted().toList();
    }

    private String[] pair() {
        String from = nodes.get(random.nextInt(nodes.size()));
        String to = from;
        while (to.equals(from)) {
            to = nodes.get(random.nextInt(nodes.size()));
        }
        return new String[] {from, to};
    }

    private int count() {
        return (int) (rate * duration.toMillis() / 1000);
    }

    /** Requests on route.requests, answers read from route.responses. */
    public Result viaTopics(PrintWriter out) throws InterruptedException {
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        int n = count();
        long[] due = new long[n];
        long[] answered = new long[n];
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        Properties consumerProps = new Properties();
        consumerProps.putAll(kafka);
        consumerProps.put("isolation.level", "read_committed");
        consumerProps.put("enable.auto.commit", "false");
        Properties producerProps = new Properties();
        producerProps.putAll(kafka);
        producerProps.put("linger.ms", "0");
        AtomicBoolean reading = new AtomicBoolean(true);
        try (KafkaConsumer<String, RouteResponse> consumer = new KafkaConsumer<>(
                        consumerProps,
                        new StringDeserializer(),
                        topics.routeResponses.valueSerde().deserializer());
                KafkaProducer<String, RouteRequest> producer = new KafkaProducer<>(
                        producerProps,
                        new StringSerializer(),
                        topics.routeRequests.valueSerde().serializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topics.routeResponses.name(), Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now: only answers to this run count
            Thread reader = new Thread(
                    () -> {
                        while (reading.get()) {
                            for (ConsumerRecord<String, RouteResponse> r : consumer.poll(Duration.ofMillis(20))) {
                                if (r.key() != null && r.key().startsWith(run)) {
                                    int i = Integer.parseInt(r.key().substring(run.length()));
                                    answered[i] = System.nanoTime();
                                    statuses.merge(r.value().getStatus().name(), 1, Integer::sum);
                                }
                            }
                        }
                    },
                    "route-bench-reader");
            reader.start();
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            for (int i = 0; i < n; i++) {
                due[i] = start + i * 1_000_000_000L / rate;
                sleepUntil(due[i]);
                String[] pair = pair();
                RouteRequest request = RouteRequest.newBuilder()
                        .setRequestId(run + i)
                        .setFromNode(pair[0])
                        .setToNode(pair[1])
                        .setAlternatives(alternatives)
                        .build();
                producer.send(new ProducerRecord<>(
                        topics.routeRequests.name(), null, System.currentTimeMillis(), run + i, request));
                progress(out, "route.requests", i, n);
            }
            producer.flush();
            awaitAnswers(answered, Duration.ofSeconds(10));
            reading.set(false);
            reader.join();
        }
        return result("route.requests", due, answered, statuses);
    }

    /** GET /api/route, answered on the instance asked. */
    public Result viaApi(PrintWriter out) throws InterruptedException {
        int n = count();
        long[] due = new long[n];
        long[] answered = new long[n];
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        for (int i = 0; i < n; i++) {
            due[i] = start + i * 1_000_000_000L / rate;
            sleepUntil(due[i]);
            String[] pair = pair();
            URI uri = URI.create(api + "/api/route?from=" + encode(pair[0]) + "&to=" + encode(pair[1])
                    + "&alternatives=" + alternatives);
            int index = i;
            pending.add(http.sendAsync(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        answered[index] = System.nanoTime();
                        statuses.merge(statusOf(response), 1, Integer::sum);
                    })
                    .exceptionally(e -> {
                        statuses.merge("ERROR", 1, Integer::sum);
                        return null;
                    }));
            progress(out, "GET /api/route", i, n);
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the unanswered are counted below
        }
        return result("GET /api/route", due, answered, statuses);
    }

    private static String statusOf(HttpResponse<String> response) {
        String body = response.body();
        int at = body.indexOf("\"status\":\"");
        return at < 0 ? "HTTP " + response.statusCode() : body.substring(at + 10, body.indexOf('"', at + 10));
    }

    private static Result result(String name, long[] due, long[] answered, Map<String, Integer> statuses) {
        List<Long> millis = new ArrayList<>();
        int unanswered = 0;
        for (int i = 0; i < due.length; i++) {
            if (answered[i] == 0) {
                unanswered++;
            } else {
                millis.add(TimeUnit.NANOSECONDS.toMillis(answered[i] - due[i]));
            }
        }
        return new Result(
                name,
                due.length,
                millis.stream().mapToLong(Long::longValue).toArray(),
                unanswered,
                Map.copyOf(statuses));
    }

    private static void awaitAnswers(long[] answered, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && Arrays.stream(answered).anyMatch(t -> t == 0)) {
            Thread.sleep(50);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private void progress(PrintWriter out, String what, int i, int n) {
        if ((i + 1) % (rate * 10) == 0) {
            out.printf(Locale.ROOT, "%s %s: %,d of %,d sent%n", Instant.now(), what, i + 1, n);
            out.flush();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
