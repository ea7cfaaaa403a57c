package io.roadmirror.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Asks every live instance's query API for segments, all the time, while instances come and go:
 * an answer must be right (the segment asked for) or a 503 saying to come back; never a wrong
 * answer, a 404 for a segment that exists, or a 500.
 */
final class ApiProbe implements AutoCloseable {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<List<PipelineInstance>> live;
    private final List<String> segments;
    private final Thread thread;
    final AtomicInteger correct = new AtomicInteger();
    final AtomicInteger unavailable = new AtomicInteger();
    final AtomicInteger withRetryAfter = new AtomicInteger();
    final AtomicInteger unreachable = new AtomicInteger();
    final List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;

    ApiProbe(Supplier<List<PipelineInstance>> live, List<String> segments) {
        this.live = live;
        this.segments = segments;
        this.thread = new Thread(this::loop, "api-probe");
        this.thread.setDaemon(true);
    }

    ApiProbe start() {
        thread.start();
        return this;
    }

    private void loop() {
        int i = 0;
        while (!stopped) {
            for (PipelineInstance instance : live.get()) {
                String segment = segments.get(i++ % segments.size());
                ask(instance, segment);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void ask(PipelineInstance instance, String segment) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.apiUrl() + "/api/segments/" + segment))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("\"segmentId\":\"" + segment + "\"")) {
                correct.incrementAndGet();
            } else if (response.statusCode() == 503) {
                unavailable.incrementAndGet();
                if (response.headers().firstValue("Retry-After").isPresent()) {
                    withRetryAfter.incrementAndGet();
                }
            } else if (wrong.size() < 20) {
                wrong.add(instance.name() + " " + segment + ": HTTP " + response.statusCode() + " "
                        + abbreviate(response.body()));
            }
        } catch (IOException e) {
            unreachable.incrementAndGet(); // killed or not listening yet: no answer is not a wrong answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    String summary() {
        return correct.get() + " correct, " + unavailable.get() + " 503 (" + withRetryAfter.get()
                + " with Retry-After), " + unreachable.get() + " unreachable (killed), " + wrong.size() + " wrong";
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5_000);
    }
}
