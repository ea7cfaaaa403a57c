package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The object cache inside Kafka Streams' own commit cycle (TopologyTestDriver commits after every input). */
@Timeout(60)
class ObjectCachingTopologyTest {
    private static final String APP = "object-cache-test";
    private static final String STORE = "counts";
    private final AtomicInteger encodes = new AtomicInteger();

    /** Counts each key's records in five steps, each a put, as the mirror puts a ledger several times per input. */
    private static final class Counter implements Processor<String, String, String, Long> {
        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            this.counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            Long count = counts.get(record.key());
            for (int step = 0; step < 5; step++) {
                count = (count == null ? 0 : count) + 1;
                counts.put(record.key(), count);
            }
            if ("forget".equals(record.value())) {
                counts.delete(record.key());
            }
            context.forward(record.withValue(counts.get(record.key())));
        }
    }

    private Topology topology() {
        Serde<Long> counting = Serdes.serdeFrom(
                (topic, value) -> {
                    if (value != null) {
                        encodes.incrementAndGet();
                    }
                    return Serdes.Long().serializer().serialize(topic, value);
                },
                Serdes.Long().deserializer());
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor(
                "counter",
                ProcessorSuppliers.withStores(Counter::new, StoreBuilders.keyValue(STORE, counting, 16)),
                "in");
        return topology;
    }

    @Test
    void eachCommitWritesAKeyOnceToRocksDbAndItsChangelog() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        ExecutorService query = Executors.newSingleThreadExecutor();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), props)) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, Long> changelog = driver.createOutputTopic(
                    APP + "-" + STORE + "-changelog", new StringDeserializer(), new LongDeserializer());
            KeyValueStore<String, Long> store = driver.getKeyValueStore(STORE);

            in.pipeInput("a", "x");
            in.pipeInput("a", "x");
            in.pipeInput("b", "x");
            assertEquals(
                    List.of(KeyValue.pair("a", 5L), KeyValue.pair("a", 10L), KeyValue.pair("b", 5L)),
                    changelog.readKeyValuesToList(),
                    "one changelog record per key and commit, with the last value");
            assertEquals(3, encodes.get(), "fifteen puts, three encodes");
            assertEquals(10L, query.submit(() -> store.get("a")).get(10, TimeUnit.SECONDS), "in RocksDB");

            in.pipeInput("b", "forget");
            assertEquals(List.of(KeyValue.pair("b", (Long) null)), changelog.readKeyValuesToList());
            assertNull(query.submit(() -> store.get("b")).get(10, TimeUnit.SECONDS));
        } finally {
            query.shutdownNow();
        }
    }
}
