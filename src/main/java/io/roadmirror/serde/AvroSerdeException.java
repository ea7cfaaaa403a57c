package io.roadmirror.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be turned into (or out of) Avro in the Confluent wire format, typed by
 * {@link Kind} so a topology can dead-letter it with the right reason. A registry that cannot be
 * reached is NOT one of these: see {@link io.roadmirror.registry.RegistryUnavailableException}.
 */
public final class AvroSerdeException extends SerializationException {

    public enum Kind {
        /** The bytes do not start with magic byte 0 and a 4-byte schema id. */
        NOT_WIRE_FORMAT,
        /** The schema id is not known to the registry. */
        UNKNOWN_SCHEMA,
        /** Wire format and schema are fine, but the body does not decode to the expected record. */
        UNDECODABLE,
        /** Serializing: the record does not fit its own schema (e.g. a required field is null). */
        UNWRITABLE,
        /** Serializing: the schema is not registered and auto-registration is off, or it was refused. */
        NOT_REGISTERED
    }

    private final Kind kind;

    public AvroSerdeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public AvroSerdeException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
