package io.roadmirror.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roadmirror.registry.BoundedCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** Schema helpers for what goes into the registry. */
public final class AvroSchemas {
    private static final String JAVA_STRING_PROPERTY = "avro.java.string";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BoundedCache<Schema, Schema> PORTABLE = new BoundedCache<>(1000);

    private AvroSchemas() {}

    /**
     * The schema as written in {@code schemas/}: without the {@code avro.java.string} hints that
     * code generation adds to every string (stringType=String). Those are Java-only; registering
     * them would give non-Java subscribers a schema that differs from the published contract.
     * The binary encoding is the same either way.
     */
    public static Schema portable(Schema schema) {
        return PORTABLE.computeIfAbsent(schema, s -> {
            try {
                JsonNode tree = JSON.readTree(s.toString());
                strip(tree);
                return new Schema.Parser().parse(tree.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING_PROPERTY);
        }
        node.forEach(AvroSchemas::strip);
    }
}
