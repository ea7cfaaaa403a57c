package io.roadmirror.topics;

import org.apache.avro.specific.SpecificRecord;

/**
 * A topic of the contract (docs/design.md "Topics"): its fixed name, cleanup policy and value type.
 *
 * @param valueType the Avro value class, or null for the dead-letter topic (raw bytes)
 */
public record TopicDefinition(
        String name, boolean compacted, Class<? extends SpecificRecord> valueType, String writtenBy) {

    public String cleanupPolicy() {
        return compacted ? "compact" : "delete";
    }

    /** Registry subject of the value schema (TopicNameStrategy). */
    public String valueSubject() {
        return name + "-value";
    }
}
