package io.roadmirror.bench;

/**
 * The pipeline process's memory over a phase.
 *
 * @param peakRssBytes      peak resident set of the process (VmHWM), -1 where unknown
 * @param peakHeapBytes     largest heap in use (before a collection)
 * @param peakLiveHeapBytes largest heap still in use after a (young) collection: an upper bound of what it holds
 * @param liveHeapBytesAtEnd heap in use after a full collection at the end of the phase: what it really holds (-1: not taken)
 */
record PipelineMemory(long peakRssBytes, long peakHeapBytes, long peakLiveHeapBytes, long liveHeapBytesAtEnd) {
    static PipelineMemory of(long peakRssBytes, long liveHeapBytesAtEnd, JvmRecording.Summary recording) {
        return new PipelineMemory(
                peakRssBytes, recording.peakHeapBytes(), recording.peakLiveHeapBytes(), liveHeapBytesAtEnd);
    }
}
