package io.roadmirror.forecasts;

/**
 * What the forecast keeps of a segment's past (plain Java; stored as {@code ForecastProfile}): its
 * time-of-day profile, and what its forecasts' corrections have been worth.
 */
public record SegmentHistory(SpeedProfile profile, BlendLearner learner) {
    public static SegmentHistory empty(ForecastThresholds rules) {
        return new SegmentHistory(SpeedProfile.empty(rules), BlendLearner.empty(rules));
    }
}
