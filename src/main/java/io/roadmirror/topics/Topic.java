package io.roadmirror.topics;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values: what a topology or client needs to use it. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {}
