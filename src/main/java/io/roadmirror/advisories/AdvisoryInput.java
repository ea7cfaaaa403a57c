package io.roadmirror.advisories;

import io.roadmirror.hotspots.HotspotUpdate;
import io.roadmirror.mirror.MirrorUpdate;

/** What the advisories react to: a mirror transition, a hotspot change, or the mirror's watermark tick (exactly one is set). */
record AdvisoryInput(MirrorUpdate mirror, HotspotUpdate hotspot, Long tick) {
    static AdvisoryInput of(MirrorUpdate update) {
        return new AdvisoryInput(update, null, null);
    }

    static AdvisoryInput of(HotspotUpdate update) {
        return new AdvisoryInput(null, update, null);
    }

    static AdvisoryInput tick(long time) {
        return new AdvisoryInput(null, null, time);
    }
}
