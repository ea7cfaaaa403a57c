package io.roadmirror.streams;

import java.time.Duration;
import java.util.function.LongConsumer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/** Schedules time-driven rules of a processor. */
public final class Punctuations {
    /** How often the wall clock is consulted while the input may be silent. */
    public static final Duration WALL_CLOCK_CHECK = Duration.ofSeconds(5);

    private Punctuations() {}

    /**
     * Runs {@code due} with the event time "now" every {@code interval} of stream time, and also
     * every few seconds of wall-clock time with the {@link EventClock}'s estimate, so the rule
     * fires even when the input is silent.
     */
    public static void everyEventInterval(
            ProcessingContext context, Duration interval, EventClock clock, LongConsumer due) {
        context.schedule(
                interval,
                PunctuationType.STREAM_TIME,
                ignored -> due.accept(clock.onRecord(context.currentStreamTimeMs(), context.currentSystemTimeMs())));
        context.schedule(WALL_CLOCK_CHECK, PunctuationType.WALL_CLOCK_TIME, wall -> {
            long now = clock.estimate(context.currentStreamTimeMs(), wall);
            if (now >= 0) {
                due.accept(now);
            }
        });
    }

    /** Runs {@code due} every {@code interval} of stream time only. */
    public static void everyStreamInterval(ProcessingContext context, Duration interval, LongConsumer due) {
        context.schedule(interval, PunctuationType.STREAM_TIME, ignored -> due.accept(context.currentStreamTimeMs()));
    }
}
