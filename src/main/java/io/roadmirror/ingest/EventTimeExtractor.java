package io.roadmirror.ingest;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The pipeline runs on event time: a record's time is its {@code eventTime} field, but never later
 * than the wall clock (DESIGN.md "Mirror"): a gateway whose clock runs a few minutes fast must not
 * drag its partition's stream time ahead, or every punctual sensor on that partition would look
 * late. A time further ahead than allowed keeps the partition's time, and the validation step
 * dead-letters it as FUTURE_TIMESTAMP.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    private final Duration maxFuture;
    private final LongSupplier wallClock;

    public EventTimeExtractor(Duration maxFuture, LongSupplier wallClock) {
        this.maxFuture = maxFuture;
        this.wallClock = wallClock;
    }

    static Instant eventTimeOf(Object value) {
        if (value instanceof SensorReading r) {
            return r.getEventTime();
        }
        if (value instanceof VehiclePosition p) {
            return p.getEventTime();
        }
        if (value instanceof IncidentReport i) {
            return i.getEventTime();
        }
        return null;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Instant eventTime = eventTimeOf(record.value());
        // Not the record's own timestamp: a producer's clock may be as wrong as its event time.
        long fallback = Math.max(0, partitionTime);
        if (eventTime == null) {
            return fallback;
        }
        long time = eventTime.toEpochMilli();
        long now = wallClock.getAsLong();
        if (time < 0 || time > now + maxFuture.toMillis()) {
            return fallback;
        }
        return Math.min(time, now);
    }
}
