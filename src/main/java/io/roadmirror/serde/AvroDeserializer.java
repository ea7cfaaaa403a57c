package io.roadmirror.serde;

import io.roadmirror.registry.BoundedCache;
import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryUnavailableException;
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
 * <p>Only the registry's "schema not found" (error code 40403) makes a record UNKNOWN_SCHEMA. Any
 * other registry failure is the infrastructure's, not the record's: an outage surfaces as
 * {@link RegistryUnavailableException}, a refusal (401/403, or a 404 of a wrong base path) as
 * {@link io.roadmirror.registry.RegistryRefusedException}; both fail the task instead of
 * dead-lettering good data. Thread-safe.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {
    /** No contract record comes near this (a description is at most 1,000 characters); a road segment's polyline may be long. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    private final SchemaRegistryClient registry;
    private final Schema readerSchema; // null: generic, read with the writer's schema
    private final BoundedCache<Integer, DatumReader<T>> readers = new BoundedCache<>(1000);
    private final SchemaIdGuard guard = new SchemaIdGuard(System::nanoTime);
    /** Registered ids of another record type: known for good, so they must not count against the guard's rate. */
    private final BoundedCache<Integer, String> otherTypes = new BoundedCache<>(1000);

    private AvroDeserializer(SchemaRegistryClient registry, Schema readerSchema) {
        this.registry = registry;
        this.readerSchema = readerSchema;
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
        DatumReader<T> reader = readers.get(id);
        String otherType = otherTypes.get(id);
        if (otherType != null) {
            throw new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE, otherType);
        }
        if (reader == null) {
            reader = readers.computeIfAbsent(id, this::readerFor);
        }
        BoundedDecoder decoder =
                new BoundedDecoder(data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH);
        T record;
        try {
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes left over after the record");
            }
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException(
                    AvroSerdeException.Kind.UNDECODABLE,
                    "cannot decode a record of schema id " + id + " from " + topic + ": " + e.getMessage(),
                    e);
        }
        return record;
    }

    private DatumReader<T> readerFor(int id) {
        String refusal = guard.refusal(id);
        if (refusal != null) {
            throw new AvroSerdeException(AvroSerdeException.Kind.UNKNOWN_SCHEMA, refusal);
        }
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SCHEMA_NOT_FOUND) {
                guard.unknown(id);
                throw new AvroSerdeException(
                        AvroSerdeException.Kind.UNKNOWN_SCHEMA,
                        "schema id " + id + " is unknown to the schema registry",
                        e);
            }
            throw e;
        }
        if (readerSchema == null) {
            return new GenericDatumReader<>(writerSchema);
        }
        if (writerSchema.getType() != Schema.Type.RECORD || !sameName(writerSchema, readerSchema)) {
            String message = "schema id " + id + " is " + writerSchema.getFullName() + ", not the expected "
                    + readerSchema.getFullName();
            otherTypes.put(id, message);
            throw new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE, message);
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema);
    }

    private static boolean sameName(Schema writer, Schema reader) {
        return writer.getName().equals(reader.getName()) || reader.getAliases().contains(writer.getFullName());
    }
}
