package io.roadmirror.ingest;

/** Why a record went to deadletter.events (the {@code dlq.reason} header; DESIGN.md "Record fields"). */
public enum DeadLetterReason {
    /** The bytes are not Avro in the Confluent wire format, or do not decode to the topic's record. */
    DESERIALIZATION,
    /** The schema id in the record is unknown to the registry. */
    UNKNOWN_SCHEMA,
    /** A value outside its physical range, an empty id, a key that is not the record's id. */
    INVALID_VALUE,
    /** The segment is not in the road network. */
    UNKNOWN_SEGMENT,
    /** The event time is further in the future than allowed (5 minutes). */
    FUTURE_TIMESTAMP,
    /** The reading arrived later than the grace period behind the stream time. */
    LATE
}
