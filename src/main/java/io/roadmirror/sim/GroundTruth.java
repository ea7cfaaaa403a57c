package io.roadmirror.sim;

/** Receives what really happened in the simulated city, to judge the mirror against. */
public interface GroundTruth {
    /** The true mean speed of a segment over the minute starting at {@code minuteStart}. */
    void speed(String segmentId, long minuteStart, double speedKph);

    /** An incident that started (its end is known from the start in the simulation). */
    void incident(TrueIncident incident);

    GroundTruth NONE = new GroundTruth() {
        @Override
        public void speed(String segmentId, long minuteStart, double speedKph) {}

        @Override
        public void incident(TrueIncident incident) {}
    };
}
