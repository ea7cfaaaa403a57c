package io.roadmirror.bench;

import io.roadmirror.topics.TopicCatalog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the pipeline's consumer group is behind, seen from outside through the admin API: the
 * records of the input topics and of its repartition topics not yet committed as consumed. When
 * it is zero the whole pipeline, every sub-topology, has processed everything and (committed with
 * the offsets) written its output.
 */
final class GroupLag {
    private static final List<String> INPUTS = List.of(
            TopicCatalog.SENSOR_READINGS.name(),
            TopicCatalog.VEHICLE_POSITIONS.name(),
            TopicCatalog.INCIDENT_REPORTS.name());

    /** @param inputs records consumed from the input topics; behind: records of every consumed topic not yet consumed */
    record Lag(long inputs, long behind) {}

    private final Admin admin;
    private final String groupId;

    GroupLag(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
    }

    Lag now() {
        try {
            Map<TopicPartition, Long> end = InternalWrites.latest(
                    admin, t -> INPUTS.contains(t) || (t.startsWith(groupId + "-") && t.endsWith("-repartition")));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            long inputs = 0;
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long done = c == null ? 0 : c.offset();
                behind += Math.max(0, e.getValue() - done);
                if (INPUTS.contains(e.getKey().topic())) {
                    inputs += done;
                }
            }
            return new Lag(inputs, behind);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the pipeline's consumer group offsets: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
