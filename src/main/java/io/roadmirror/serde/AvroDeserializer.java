package io.roadmirror.serde;

import io.roadmirror.registry.BoundedCache;
import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.SchemaRegistryClient;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire format records. With a reader schema (specific records) the writer's schema
 * from the registry is resolved against it, so producers on an older or newer compatible schema
 * are read correctly; without one (generic records) the writer's schema is used as is. Failures
 * are {@link AvroSerdeException}s typed NOT_WIRE_FORMAT, UNKNOWN_SCHEMA or UNDECODABLE.
 *
 * <p>Hostile input is bounded: a record over {@link #MAX_RECORD_BYTES} is UNDECODABLE before any
 * decoding, every length prefix is checked against the bytes left ({@link BoundedDecoder}), and
 * unknown schema ids cost bounded registry calls ({@link SchemaIdGuard}).
 *
 * <p>Only the registry's "schema not found" (error code 40403) makes a record UNKNOWN_SCHEMA, and an
 * id whose schema is not Avro (a Protobuf or JSON schema) UNDECODABLE. A registry that cannot serve
 * is the infrastructure's problem, not the record's: an outage (unreachable, 5xx, 408, 429)
 * surfaces as {@link io.roadmirror.registry.RegistryUnavailableException}, a refusal (401/403, or
 * a 404 without a registry error code: a wrong base path) as
 * {@link io.roadmirror.registry.RegistryRefusedException}; both fail the task instead of
 * dead-lettering good data. Thread-safe.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {
    /** No contract record comes near this (a description is at most 1,000 characters); a road segment's polyline may be long. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    private final SchemaRegistryClient registry;
    private final Schema readerSchema; // null: generic, read with the writer's schema
    private final BoundedCache<Integer, Reading<T>> readers = new BoundedCache<>(1000);
    private final SchemaIdGuard guard = new SchemaIdGuard(System::nanoTime);
    /** Registered ids of another record type: known for good, so they must not count against the guard's rate. */
    private final BoundedCache<Integer, String> otherTypes = new BoundedCache<>(1000);

    /** The reader schema as registered (without Java-only hints): a writer schema equal to it needs no resolution. */
    private final Schema registeredReaderSchema;

    /**
     * How records of one schema id are read. When the writer's schema differs from the reader's, Avro's resolving
     * reader leaves a writer-only field at the end of the record unread, so a record of a newer schema with a field
     * added at the end (the usual evolution) looked like one with bytes left over and was dead-lettered: such a
     * record is first read whole with the writer's schema ({@code whole}), which must end exactly where the bytes
     * do, then resolved.
     */
    private record Reading<T>(DatumReader<T> reader, DatumReader<Object> whole) {}

    private AvroDeserializer(SchemaRegistryClient registry, Schema readerSchema) {
        this.registry = registry;
        this.readerSchema = readerSchema;
        this.registeredReaderSchema = readerSchema == null ? null : AvroSchemas.portable(readerSchema);
    }

    public static <T extends org.apache.avro.specific.SpecificRecord> AvroDeserializer<T> specific(
            SchemaRegistryClient registry, Class<T> type) {
        return new AvroDeserializer<>(registry, SpecificData.get().getSchema(type));
    }

    public static AvroDeserializer<GenericData.Record> generic(SchemaRegistryClient registry) {
        return new AvroDeserializer<>(registry, null);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(data);
        if (data.length > MAX_RECORD_BYTES) {
            throw new AvroSerdeException(
                    AvroSerdeException.Kind.UNDECODABLE,
                    "a record of " + data.length + " bytes on " + topic + " is larger than the " + MAX_RECORD_BYTES
                            + " bytes any contract record needs");
        }
        Reading<T> reading = readers.get(id);
        String otherType = otherTypes.get(id);
        if (otherType != null) {
            throw new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE, otherType);
        }
        if (reading == null) {
            reading = readers.computeIfAbsent(id, this::readingFor);
        }
        T record;
        try {
            if (reading.whole() != null) {
                requireEnd(reading.whole(), data);
                record = reading.reader().read(null, decoder(data));
            } else {
                record = requireEnd(reading.reader(), data);
            }
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException(
                    AvroSerdeException.Kind.UNDECODABLE,
                    "cannot decode a record of schema id " + id + " from " + topic + ": " + e.getMessage(),
                    e);
        }
        return record;
    }

    private static BoundedDecoder decoder(byte[] data) {
        return new BoundedDecoder(data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH);
    }

    private static <R> R requireEnd(DatumReader<R> reader, byte[] data) throws IOException {
        BoundedDecoder decoder = decoder(data);
        R record = reader.read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("bytes left over after the record");
        }
        return record;
    }

    private Reading<T> readingFor(int id) {
        String refusal = guard.refusal(id);
        if (refusal != null) {
            throw new AvroSerdeException(AvroSerdeException.Kind.UNKNOWN_SCHEMA, refusal);
        }
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (RegistryException e) {
            if (e.isInfrastructure()) {
                throw e;
            }
            if (e.errorCode() == RegistryException.SCHEMA_NOT_FOUND) {
                guard.unknown(id);
                throw new AvroSerdeException(
                        AvroSerdeException.Kind.UNKNOWN_SCHEMA,
                        "schema id " + id + " is unknown to the schema registry",
                        e);
            }
            if (e.httpStatus() == 200) {
                // The registry answered, with a schema no Avro reader can use (Protobuf, JSON Schema, or broken): the
                // record's writer is at fault, and the answer will not change.
                String message = "schema id " + id + " cannot be read as Avro: " + e.getMessage();
                otherTypes.put(id, message);
                throw new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE, message, e);
            }
            throw e;
        }
        if (readerSchema == null) {
            return new Reading<>(new GenericDatumReader<>(writerSchema), null);
        }
        if (writerSchema.getType() != Schema.Type.RECORD || !sameName(writerSchema, readerSchema)) {
            String message = "schema id " + id + " is " + writerSchema.getFullName() + ", not the expected "
                    + readerSchema.getFullName();
            otherTypes.put(id, message);
            throw new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE, message);
        }
        DatumReader<T> reader = new SpecificDatumReader<>(writerSchema, readerSchema);
        return new Reading<>(
                reader, writerSchema.equals(registeredReaderSchema) ? null : new GenericDatumReader<>(writerSchema));
    }

    private static boolean sameName(Schema writer, Schema reader) {
        return writer.getName().equals(reader.getName()) || reader.getAliases().contains(writer.getFullName());
    }
}
