package io.roadmirror.bench;

/**
 * The pipeline process's memory over a phase.
 *
 * @param peakRssBytes      peak resident set of the process (VmHWM), -1 where unknown
 * @param peakHeapBytes     largest heap in use (before a collection)
 * @param peakLiveHeapBytes largest heap still in use after a collection: what the pipeline really holds
 */
record PipelineMemory(long peakRssBytes, long peakHeapBytes, long peakLiveHeapBytes) {
    static PipelineMemory of(long peakRssBytes, JvmRecording.Summary recording) {
        return new PipelineMemory(peakRssBytes, recording.peakHeapBytes(), recording.peakLiveHeapBytes());
    }
}
