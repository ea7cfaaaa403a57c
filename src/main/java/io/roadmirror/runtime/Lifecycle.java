package io.roadmirror.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Owns what a command starts and stops it in reverse order exactly once: when the command ends,
 * on Ctrl-C / SIGTERM (through a shutdown hook), after a fixed duration, or when something it
 * runs reaches a fatal state ({@link #fail}), which the command turns into a non-zero exit.
 */
public final class Lifecycle implements AutoCloseable {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Thread hook = new Thread(this::closeFromHook, "roadmirror-shutdown");
    private boolean closed;
    private volatile String failure;

    public Lifecycle() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers a resource to close on stop; returns it for chaining. */
    public synchronized <T extends AutoCloseable> T own(T resource) {
        if (closed) {
            Closeables.closeAll(resource);
            throw new IllegalStateException("already stopped");
        }
        resources.push(resource);
        return resource;
    }

    /** Blocks until Ctrl-C / SIGTERM or {@link #requestStop()}, or until the duration passes (null = forever). */
    public void awaitStop(Duration duration) throws InterruptedException {
        if (duration == null) {
            stopRequested.await();
        } else {
            stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void requestStop() {
        stopRequested.countDown();
    }

    /** Stops the command because something it runs cannot go on; the first reason wins. */
    public void fail(String reason) {
        synchronized (stopRequested) {
            if (failure == null) {
                failure = reason;
            }
        }
        stopRequested.countDown();
    }

    /** Why the command stopped on its own, if it did: it should then exit non-zero. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean isStopRequested() {
        return stopRequested.getCount() == 0;
    }

    private void closeFromHook() {
        stopRequested.countDown();
        closeAll();
    }

    @Override
    public void close() {
        stopRequested.countDown();
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down already
        }
    }

    private synchronized void closeAll() {
        if (closed) {
            return;
        }
        closed = true;
        Closeables.closeAll(resources); // most recently owned first
        resources.clear();
    }
}
