package io.roadmirror.advisories;

import io.roadmirror.mirror.MirrorUpdate;
import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.state.AdvisoryEvent;
import io.roadmirror.state.RoutingChange;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What one segment partition sends the advisory task: each transition on its own (it is judged), and
 * the new routing times of the other published states together with the "evaluated through" that
 * follows them, one record per evaluation instead of one per state. The mirror says how far it has
 * evaluated after every evaluation that passed anything on, within the processing of the same input,
 * so nothing is held here between two inputs (a crash cannot lose it).
 */
final class AdvisoryFeed implements Processor<String, SegmentEvent, String, AdvisoryEvent> {
    private ProcessorContext<String, AdvisoryEvent> context;
    private List<RoutingChange> routing = new ArrayList<>();

    @Override
    public void init(ProcessorContext<String, AdvisoryEvent> context) {
        this.context = context;
        this.routing = new ArrayList<>(); // init runs again on the same processor when a task is revived
    }

    @Override
    public void process(Record<String, SegmentEvent> record) {
        SegmentEvent event = record.value();
        MirrorUpdate update = event.update();
        if (update != null && update.transition()) {
            context.forward(record.withValue(AdvisoryEvents.of(update)));
        } else if (update != null) {
            routing.add(AdvisoryEvents.routingChange(record.key(), update));
        } else if (event.evaluated() != null) {
            context.forward(record.withValue(AdvisoryEvents.of(event.evaluated(), routing)));
            routing = new ArrayList<>();
        }
    }
}
