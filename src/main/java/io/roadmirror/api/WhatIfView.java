package io.roadmirror.api;

import io.roadmirror.whatif.WhatIfAnswer;
import java.util.List;

/** A what-if's answer as JSON: times as ISO-8601, the effects as the rule gives them. */
public record WhatIfView(
        String start,
        String end,
        String method,
        String baseline,
        List<WhatIfAnswer.SegmentEffect> segments,
        List<WhatIfAnswer.TripEffect> trips) {

    static WhatIfView of(WhatIfAnswer a) {
        return new WhatIfView(
                Times.iso(a.start()), Times.iso(a.end()), a.method(), a.baseline(), a.segments(), a.trips());
    }
}
