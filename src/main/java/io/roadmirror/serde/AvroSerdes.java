package io.roadmirror.serde;

import io.roadmirror.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for Avro values (and keys) in the Confluent wire format. */
public final class AvroSerdes {
    private AvroSerdes() {}

    public static <T extends SpecificRecord> Serde<T> specific(
            Class<T> type, SchemaRegistryClient registry, boolean autoRegister) {
        return Serdes.serdeFrom(
                new AvroSerializer<>(registry, autoRegister, false), AvroDeserializer.specific(registry, type));
    }

    public static Serde<GenericData.Record> generic(SchemaRegistryClient registry, boolean autoRegister) {
        return Serdes.serdeFrom(
                new AvroSerializer<>(registry, autoRegister, false), AvroDeserializer.generic(registry));
    }
}
