package io.roadmirror.api;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One /api/stream client: a bounded queue of frames and a thread of its own that writes them, so a
 * client whose network (or browser) stalls blocks only its own writer. Dropping it closes its
 * connection, which also ends a write that is stuck.
 */
final class SseSubscriber {
    private static final Logger log = LoggerFactory.getLogger(SseSubscriber.class);

    private final SseClient client;
    private final BlockingQueue<SseHub.Frame> queue;
    private final Consumer<SseSubscriber> onEnd;
    private final Thread writer;
    private volatile boolean stopped;

    SseSubscriber(SseClient client, int capacity, Consumer<SseSubscriber> onEnd) {
        this.client = client;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onEnd = onEnd;
        this.writer =
                new Thread(this::write, "roadmirror-sse-" + client.ctx().req().getRemotePort());
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    /** False when the queue is full. */
    boolean offer(SseHub.Frame frame) {
        return stopped || queue.offer(frame);
    }

    private void write() {
        try {
            while (!stopped) {
                SseHub.Frame frame = queue.take();
                if (frame.id() == null) {
                    client.sendComment(frame.data());
                } else {
                    client.sendEvent(frame.event(), frame.data(), frame.id());
                }
                if (client.terminated()) {
                    break; // the client went away; Javalin noticed while writing
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Writing to a stream client failed", e);
        } finally {
            stop();
        }
    }

    /** The client left (or its writer ended): forget it. */
    void stop() {
        if (!stopped) {
            stopped = true;
            queue.clear();
            writer.interrupt();
            onEnd.accept(this);
        }
    }

    /** Ends the stream from the server's side, without waiting for a write that may be stuck. */
    void drop(String why) {
        if (stopped) {
            return;
        }
        log.info(
                "Dropping stream client {}: {}",
                client.ctx().req().getRemoteAddr() + ":" + client.ctx().req().getRemotePort(),
                why);
        stop();
        try {
            ServletContextRequest.getServletContextRequest(client.ctx().req())
                    .getConnectionMetaData()
                    .getConnection()
                    .getEndPoint()
                    .close();
        } catch (RuntimeException e) {
            log.debug("Closing a dropped stream client's connection failed", e);
        }
    }
}
