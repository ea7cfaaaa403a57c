package io.roadmirror.testing;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;

/**
 * An output topic of the pipeline read as a subscriber sees it once the input has settled: before
 * each read the harness lets the input fall quiet ({@link PipelineTestDriver#settle()}), so the
 * mirror's watermark has passed everything piped so far.
 */
public final class SettledOutput<K, V> {
    private final TestOutputTopic<K, V> topic;
    private final Runnable settle;

    SettledOutput(TestOutputTopic<K, V> topic, Runnable settle) {
        this.topic = topic;
        this.settle = settle;
    }

    public List<KeyValue<K, V>> readKeyValuesToList() {
        settle.run();
        return topic.readKeyValuesToList();
    }

    public List<V> readValuesToList() {
        settle.run();
        return topic.readValuesToList();
    }

    /**
     * What has come out so far, without letting the input settle. The driver runs every sub-topology in one task
     * with one stream time, so settling (idle sources promise time at wall-clock speed, the mirror evaluates on and
     * the advisories' input carries those times) also moves the stream time of rules upstream of the mirror, which in
     * a real deployment only their own input moves: a test of such a rule at an exact boundary reads this way.
     */
    public List<V> readValuesAsTheyAre() {
        return topic.readValuesToList();
    }

    public List<TestRecord<K, V>> readRecordsToList() {
        settle.run();
        return topic.readRecordsToList();
    }

    public TestRecord<K, V> readRecord() {
        settle.run();
        return topic.readRecord();
    }

    public V readValue() {
        settle.run();
        return topic.readValue();
    }

    public boolean isEmpty() {
        settle.run();
        return topic.isEmpty();
    }
}
