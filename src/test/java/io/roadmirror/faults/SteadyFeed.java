package io.roadmirror.faults;

import io.roadmirror.sim.GatewayPublisher;
import io.roadmirror.sim.GatewayRecord;
import io.roadmirror.sim.TrafficModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A seeded traffic model played at a steady pace into several clusters at once, the same records
 * in the same order to each, so that a faulted run and an uninterrupted one see the same input.
 */
final class SteadyFeed implements AutoCloseable {
    private static final long STEP_MS = 250;

    private final TrafficModel model;
    private final List<GatewayPublisher> clusters;
    private final long simEnd;
    private final double speedup;
    private final Thread thread;
    private final AtomicLong generated = new AtomicLong();
    private final Map<String, AtomicLong> byTopic = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    SteadyFeed(TrafficModel model, List<GatewayPublisher> clusters, Duration simulated, double speedup) {
        this.model = model;
        this.clusters = clusters;
        this.simEnd = model.now() + simulated.toMillis();
        this.speedup = speedup;
        this.thread = new Thread(this::loop, "steady-feed");
        this.thread.setDaemon(true);
    }

    SteadyFeed start() {
        thread.start();
        return this;
    }

    private void loop() {
        long simStart = model.now();
        long wallStart = System.currentTimeMillis();
        try {
            while (!stopped && model.now() + 5_000 <= simEnd) {
                long target = Math.min(simEnd, simStart + (long) ((System.currentTimeMillis() - wallStart) * speedup));
                List<GatewayRecord> records = model.advanceTo(target);
                for (GatewayRecord record : records) {
                    clusters.forEach(cluster -> cluster.send(record));
                    byTopic.computeIfAbsent(record.topic(), t -> new AtomicLong())
                            .incrementAndGet();
                }
                generated.addAndGet(records.size());
                Thread.sleep(STEP_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Waits until the whole simulated span was generated and every cluster has what its gateways hold. */
    void awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (failure != null) {
            throw failure;
        }
        if (thread.isAlive()) {
            throw new AssertionError("the feed did not finish within " + timeout.toSeconds() + " s");
        }
        clusters.forEach(GatewayPublisher::flush);
    }

    long generated() {
        return generated.get();
    }

    long generated(List<String> topics) {
        return topics.stream()
                .mapToLong(t -> byTopic.getOrDefault(t, new AtomicLong()).get())
                .sum();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5_000);
    }
}
