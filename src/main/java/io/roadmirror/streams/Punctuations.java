package io.roadmirror.streams;

import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
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
        everyEventInterval(context, interval, clock, context::currentStreamTimeMs, due);
    }

    /**
     * The same with the processor's own stream time: the newest event time of the one input it reads, where the task's
     * stream time is the newest of all its partitions, and so depends on which of them Kafka Streams read ahead.
     */
    public static void everyEventInterval(
            ProcessingContext context, Duration interval, EventClock clock, LongSupplier streamTime, LongConsumer due) {
        context.schedule(
                interval,
                PunctuationType.STREAM_TIME,
                ignored -> due.accept(clock.onRecord(streamTime.getAsLong(), context.currentSystemTimeMs())));
        context.schedule(WALL_CLOCK_CHECK, PunctuationType.WALL_CLOCK_TIME, wall -> {
            long now = clock.estimate(streamTime.getAsLong(), wall);
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
