package io.roadmirror.hotspots;

import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.ProcessorSuppliers;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Hotspots (DESIGN.md "Hotspots"): incident openings per segment (as the mirror releases them,
 * in event-time order, with its watermark ticks) over a trailing event-time
 * window; a segment reaching the threshold (or the severity score) is a HOTSPOT, one below is
 * WATCH, and one falling below again is published once as NONE, to incident.hotspots.
 */
public final class HotspotTopology {
    public static final String STORE = "hotspot-store";
    public static final String EXPIRY_STORE = "hotspot-expiry-index";

    private final Topics topics;
    private final HotspotThresholds rules;
    private final PipelineMetrics metrics;

    public HotspotTopology(PipelineContext context, HotspotThresholds rules) {
        this.topics = context.topics();
        this.rules = rules;
        this.metrics = context.metrics();
    }

    /** The mirror's events: incident changes in event-time order, and ticks of its watermark. */
    public record Inputs(KStream<String, SegmentEvent> mirrorEvents) {}

    /** Every published hotspot change, for the advisories. */
    public record Outputs(KStream<String, HotspotUpdate> updates) {}

    public Outputs build(StreamsBuilder builder, Inputs inputs) {
        KStream<String, HotspotUpdate> updates = inputs.mirrorEvents()
                .filter(
                        (segment, event) -> event.incident() != null || event.tick() != null,
                        Named.as("hotspot-inputs"))
                .process(
                        ProcessorSuppliers.withStores(
                                () -> new HotspotProcessor(rules, metrics),
                                StoreBuilders.keyValue(STORE, HotspotStores.histories()),
                                ExpiryIndex.storeBuilder(EXPIRY_STORE)),
                        Named.as("hotspot-window"));
        updates.mapValues(HotspotUpdate::toAvro, Named.as("hotspots-to-avro"))
                .to(
                        topics.incidentHotspots.name(),
                        Produced.with(topics.incidentHotspots.keySerde(), topics.incidentHotspots.valueSerde())
                                .withName("incident-hotspots-sink"));
        return new Outputs(updates);
    }
}
