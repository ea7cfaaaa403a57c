package io.roadmirror.advisories;

import io.roadmirror.hotspots.HotspotUpdate;
import io.roadmirror.mirror.MirrorUpdate;

/** What the advisories react to: a mirror transition or a hotspot change (exactly one is set). */
record AdvisoryInput(MirrorUpdate mirror, HotspotUpdate hotspot) {
    static AdvisoryInput of(MirrorUpdate update) {
        return new AdvisoryInput(update, null);
    }

    static AdvisoryInput of(HotspotUpdate update) {
        return new AdvisoryInput(null, update);
    }
}
