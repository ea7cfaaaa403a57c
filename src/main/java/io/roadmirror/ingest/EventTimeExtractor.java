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
 * The pipeline runs on event time: a record's time is its {@code eventTime} field. A time further
 * in the future than allowed must not drag the stream time forward (everything after it would be
 * "late"), so such a record keeps the partition's time; the validation step then dead-letters it
 * as FUTURE_TIMESTAMP.
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
        if (time < 0 || time > wallClock.getAsLong() + maxFuture.toMillis()) {
            return fallback;
        }
        return time;
    }
}
