package io.roadmirror.serde;

import io.roadmirror.registry.BoundedCache;
import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryUnavailableException;
import io.roadmirror.registry.SchemaRegistryClient;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire format records. With a reader schema (specific records) the writer's schema
 * from the registry is resolved against it, so producers on an older or newer compatible schema
 * are read correctly; without one (generic records) the writer's schema is used as is. Failures
 * are {@link AvroSerdeException}s typed NOT_WIRE_FORMAT, UNKNOWN_SCHEMA or UNDECODABLE. A registry
 * outage surfaces as {@link RegistryUnavailableException}: the data may be fine, so it must not be
 * dead-lettered. Thread-safe.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {
    private final SchemaRegistryClient registry;
    private final Schema readerSchema; // null: generic, read with the writer's schema
    private final BoundedCache<Integer, DatumReader<T>> readers = new BoundedCache<>(1000);

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
        DatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, null);
        T record;
        try {
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes left over after the record");
            }
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE,
                    "cannot decode a record of schema id " + id + " from " + topic + ": " + e.getMessage(), e);
        }
        return record;
    }

    private DatumReader<T> readerFor(int id) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                throw new AvroSerdeException(AvroSerdeException.Kind.UNKNOWN_SCHEMA,
                        "schema id " + id + " is unknown to the schema registry", e);
            }
            throw e;
        }
        if (readerSchema == null) {
            return new GenericDatumReader<>(writerSchema);
        }
        if (writerSchema.getType() != Schema.Type.RECORD || !sameName(writerSchema, readerSchema)) {
            throw new AvroSerdeException(AvroSerdeException.Kind.UNDECODABLE, "schema id " + id + " is "
                    + writerSchema.getFullName() + ", not the expected " + readerSchema.getFullName());
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema);
    }

    private static boolean sameName(Schema writer, Schema reader) {
        return writer.getName().equals(reader.getName()) || reader.getAliases().contains(writer.getFullName());
    }
}
