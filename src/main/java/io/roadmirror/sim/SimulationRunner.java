package io.roadmirror.sim;

import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the {@link TrafficModel} in (accelerated) real time and hands what the gateways send to
 * the {@link GatewayPublisher}. Simulated time runs {@code speedup} times faster than the wall
 * clock but never ahead of it: once it catches up it runs in real time, so event times are never
 * in the future.
 */
public final class SimulationRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulationRunner.class);
    private static final long STEP_WALL_MS = 250;

    private final TrafficModel model;
    private final GatewayPublisher publisher;
    private final double speedup;
    private final LongSupplier wallClock;
    private final Thread thread;
    private final long simStart;
    private final long wallStart;
    private volatile boolean running = true;
    private volatile long simulatedTime;
    private volatile long generated;

    public SimulationRunner(TrafficModel model, GatewayPublisher publisher, double speedup, LongSupplier wallClock) {
        this.model = model;
        this.publisher = publisher;
        this.speedup = speedup;
        this.wallClock = wallClock;
        this.simStart = model.now();
        this.simulatedTime = simStart;
        this.wallStart = wallClock.getAsLong();
        this.thread = new Thread(this::loop, "simulator");
        this.thread.setDaemon(true);
    }

    public SimulationRunner start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (running) {
                long wall = wallClock.getAsLong();
                long target = Math.min(wall, simStart + (long) ((wall - wallStart) * speedup));
                List<GatewayRecord> records = model.advanceTo(target);
                records.forEach(publisher::send);
                generated += records.size();
                simulatedTime = model.now();
                Thread.sleep(STEP_WALL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The simulator stopped on an unexpected error", e);
        }
    }

    /** The simulated clock, epoch millis. */
    public long simulatedTime() {
        return simulatedTime;
    }

    public long generated() {
        return generated;
    }

    public TrafficModel model() {
        return model;
    }

    public GatewayPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.flush();
    }
}
