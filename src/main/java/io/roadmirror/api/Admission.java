package io.roadmirror.api;

import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;

/**
 * How many queries the API answers at once. The API shares its JVM with the stream threads, so
 * past the limit it answers 503 with Retry-After at once instead of queueing work (and memory).
 * Whole-network answers have a smaller share of their own, so that they cannot take every permit
 * and keep the cheap key lookups waiting.
 */
final class Admission {
    private final Semaphore requests;
    private final Semaphore bulk;
    private final int maxRequests;
    private final int maxBulk;

    Admission(int maxRequests, int maxBulk) {
        this.requests = new Semaphore(maxRequests);
        this.bulk = new Semaphore(maxBulk);
        this.maxRequests = maxRequests;
        this.maxBulk = maxBulk;
    }

    /** The handler, run only when a permit is free; the permit is held until it has written its answer. */
    Handler limit(Handler handler) {
        return ctx -> {
            if (!requests.tryAcquire()) {
                throw ApiException.overloaded(
                        "the API is answering " + maxRequests + " queries already; retry in a second");
            }
            try {
                handler.handle(ctx);
            } finally {
                requests.release();
            }
        };
    }

    /** As {@link #limit}, also within the share of whole-network answers. */
    Handler limitBulk(Handler handler) {
        return limit(ctx -> {
            if (!bulk.tryAcquire()) {
                throw ApiException.overloaded(
                        "the API is building or sending " + maxBulk
                                + " whole-network answers already; retry in a second (with If-None-Match, an unchanged answer costs nothing)");
            }
            try {
                handler.handle(ctx);
            } finally {
                bulk.release();
            }
        });
    }
}
