package io.roadmirror.streams;

import io.roadmirror.network.NetworkView;
import io.roadmirror.topics.Topics;
import java.util.function.LongSupplier;

/**
 * What every topology of the pipeline shares: the contract's topics with their serdes, the
 * metrics, the instance's view of the road network, the wall clock (a test owns it), the number of
 * partitions of the internal topics, the application id that names the application's own
 * topics, and what the instance's consumers know of their input's lag. Each topology takes this and its own thresholds, and has one shape:
 * {@code Outputs build(StreamsBuilder, Inputs)}.
 */
public record PipelineContext(
        Topics topics,
        PipelineMetrics metrics,
        NetworkView networkView,
        LongSupplier wallClock,
        int partitions,
        String applicationId,
        InputLags inputLags) {}
