package io.roadmirror.streams;

import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** A processor supplier that brings its own state stores, so a topology does not register them separately. */
public final class ProcessorSuppliers {
    private ProcessorSuppliers() {}

    public static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> withStores(
            Supplier<Processor<KI, VI, KO, VO>> processor, StoreBuilder<?>... stores) {
        Set<StoreBuilder<?>> storeSet = Set.of(stores);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<KI, VI, KO, VO> get() {
                return processor.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return storeSet;
            }
        };
    }
}
