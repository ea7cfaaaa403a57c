package io.roadmirror.config;

import io.roadmirror.advisories.AdvisoryThresholds;
import io.roadmirror.hotspots.HotspotThresholds;
import io.roadmirror.incidents.DetectorThresholds;
import io.roadmirror.ingest.IngestThresholds;
import io.roadmirror.mirror.MirrorThresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the pipeline runs (Kafka Streams settings) and the thresholds of its rules. */
public record PipelineSettings(
        String processingGuarantee,
        int streamThreads,
        Duration commitInterval,
        Optional<Path> stateDir,
        IngestThresholds ingest,
        MirrorThresholds mirror,
        DetectorThresholds detector,
        HotspotThresholds hotspots,
        AdvisoryThresholds advisories) {

    public static PipelineSettings defaults() {
        return RoadmirrorConfig.defaults().pipeline();
    }

    static PipelineSettings read(ConfigReader r) {
        // A gateway that stores and forwards through an outage shorter than the horizon loses nothing (DESIGN.md
        // "Mirror").
        Duration grace = r.optional(ConfigKeys.MIRROR_GRACE).orElse(r.get(ConfigKeys.MIRROR_HORIZON));
        MirrorThresholds mirror = MirrorThresholds.DEFAULTS;
        try {
            mirror = new MirrorThresholds(
                    r.get(ConfigKeys.MIRROR_HORIZON),
                    grace,
                    r.get(ConfigKeys.MIRROR_FREE_FLOW_RATIO),
                    r.get(ConfigKeys.MIRROR_SLOW_RATIO),
                    r.get(ConfigKeys.MIRROR_CONGESTED_RATIO),
                    r.get(ConfigKeys.MIRROR_TICK));
        } catch (IllegalArgumentException e) {
            r.problem(
                    "mirror.free.flow.ratio > mirror.slow.ratio > mirror.congested.ratio must hold: " + e.getMessage());
        }
        return new PipelineSettings(
                r.get(ConfigKeys.PROCESSING_GUARANTEE),
                r.get(ConfigKeys.STREAM_THREADS),
                r.get(ConfigKeys.COMMIT_INTERVAL),
                r.optional(ConfigKeys.STATE_DIR),
                new IngestThresholds(r.get(ConfigKeys.INGEST_MAX_FUTURE), grace, r.get(ConfigKeys.INGEST_MAX_SPEED)),
                mirror,
                new DetectorThresholds(
                                r.get(ConfigKeys.DETECTOR_STOPPED_REPORTS),
                                r.get(ConfigKeys.DETECTOR_MIN_VEHICLES),
                                r.get(ConfigKeys.DETECTOR_POSITION_TOLERANCE),
                                r.get(ConfigKeys.DETECTOR_SILENCE),
                                r.get(ConfigKeys.DETECTOR_CRASH_SEVERITY),
                                r.get(ConfigKeys.HOTSPOT_WINDOW))
                        .withMaxOpen(r.get(ConfigKeys.INCIDENT_MAX_OPEN)),
                new HotspotThresholds(
                        r.get(ConfigKeys.HOTSPOT_WINDOW),
                        r.get(ConfigKeys.HOTSPOT_THRESHOLD),
                        r.get(ConfigKeys.HOTSPOT_SCORE)),
                new AdvisoryThresholds(
                        r.get(ConfigKeys.ADVISORY_MIN_SEVERITY),
                        r.get(ConfigKeys.ADVISORY_REPEAT_WINDOW),
                        r.get(ConfigKeys.ADVISORY_DETOUR_CHANGE),
                        r.get(ConfigKeys.ADVISORY_APPROACH_METERS),
                        r.get(ConfigKeys.ADVISORY_VALIDITY)));
    }

    public PipelineSettings withProcessingGuarantee(String guarantee) {
        return new PipelineSettings(
                guarantee, streamThreads, commitInterval, stateDir, ingest, mirror, detector, hotspots, advisories);
    }

    /** The same settings with another grace period for late readings. */
    public PipelineSettings withGrace(Duration grace) {
        return new PipelineSettings(
                processingGuarantee,
                streamThreads,
                commitInterval,
                stateDir,
                new IngestThresholds(ingest.maxFuture(), grace, ingest.maxSpeedKph()),
                new MirrorThresholds(
                        mirror.horizon(),
                        grace,
                        mirror.freeFlowRatio(),
                        mirror.slowRatio(),
                        mirror.congestedRatio(),
                        mirror.tick()),
                detector,
                hotspots,
                advisories);
    }

    public PipelineSettings withDetector(DetectorThresholds detector) {
        return new PipelineSettings(
                processingGuarantee,
                streamThreads,
                commitInterval,
                stateDir,
                ingest,
                mirror,
                detector,
                hotspots,
                advisories);
    }

    public PipelineSettings withCommitInterval(Duration interval) {
        return new PipelineSettings(
                processingGuarantee, streamThreads, interval, stateDir, ingest, mirror, detector, hotspots, advisories);
    }

    public PipelineSettings withStateDir(Path dir) {
        return new PipelineSettings(
                processingGuarantee,
                streamThreads,
                commitInterval,
                Optional.of(dir),
                ingest,
                mirror,
                detector,
                hotspots,
                advisories);
    }
}
