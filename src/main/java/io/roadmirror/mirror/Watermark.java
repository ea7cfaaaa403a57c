package io.roadmirror.mirror;

import io.roadmirror.state.MirrorClock;
import io.roadmirror.state.UpstreamProgress;
import java.util.ArrayList;
import java.util.List;

/**
 * How far the mirror may evaluate: every input of a segment comes from one of the source tasks
 * (one per input partition) through one repartition topic, and each says with every record and
 * heartbeat how far its stream time has come. The watermark is the least of them, so a segment is
 * evaluated at an event time only once every source has passed it, whatever the pace of each:
 * a backlog replayed as fast as possible gives the states a real-time run gives. A source that has
 * had no input for a while declares itself idle and holds no one back.
 */
public final class Watermark {
    /** No source heard from yet, or one that is not idle has not been heard from. */
    public static final long UNKNOWN = Long.MIN_VALUE;
    /**
     * The progress of a source that has started but processed nothing yet, while input may still come: it is
     * waited for however long its start takes (a restore, a slow machine). A source never heard from at all (its
     * progress is still -1) may not exist: it is waited for only a while after start.
     */
    public static final long STARTING = -2;

    private Watermark() {}

    public static MirrorClock clock(int upstreams) {
        List<UpstreamProgress> list = new ArrayList<>(upstreams);
        for (int i = 0; i < upstreams; i++) {
            list.add(new UpstreamProgress(-1L, false));
        }
        return new MirrorClock(list);
    }

    /** Records what a source said; true if the clock changed. */
    public static boolean heard(MirrorClock clock, int upstream, long progress, boolean idle) {
        List<UpstreamProgress> list = clock.getUpstreams();
        while (list.size() <= upstream) {
            list.add(new UpstreamProgress(-1L, false));
        }
        UpstreamProgress p = list.get(upstream);
        if (p.getProgress() == progress && p.getIdle() == idle) {
            return false;
        }
        list.set(upstream, new UpstreamProgress(progress, idle));
        return true;
    }

    /**
     * The least progress of the sources that are not idle; of all sources when every one is idle.
     *
     * @param ignoreUnheard count a source never heard from as absent (more partitions configured than
     *                      the input topics have), rather than wait for it
     */
    public static long of(MirrorClock clock, boolean ignoreUnheard) {
        long busy = Long.MAX_VALUE;
        long idle = Long.MAX_VALUE;
        boolean anyBusy = false;
        for (UpstreamProgress p : clock.getUpstreams()) {
            if (p.getIdle()) {
                if (p.getProgress() >= 0) { // an idle source that never had input has no time to offer
                    idle = Math.min(idle, p.getProgress());
                }
            } else {
                if (p.getProgress() == STARTING) {
                    return UNKNOWN;
                }
                if (p.getProgress() < 0) {
                    if (ignoreUnheard) {
                        continue;
                    }
                    return UNKNOWN;
                }
                anyBusy = true;
                busy = Math.min(busy, p.getProgress());
            }
        }
        if (anyBusy) {
            return busy;
        }
        return idle == Long.MAX_VALUE ? UNKNOWN : idle;
    }

    /**
     * Whether an idle source could wake up with input behind {@code watermark}: its own clock is behind it, so that
     * input would count at a time the other sources' word may already have had evaluated ({@link WakeGrace}). A source
     * never heard from is not asked: one that exists says it is starting before it has processed anything.
     */
    public static boolean mayWakeBehind(MirrorClock clock, long watermark) {
        for (UpstreamProgress p : clock.getUpstreams()) {
            if (p.getIdle() && p.getProgress() < watermark) {
                return true;
            }
        }
        return false;
    }
}
