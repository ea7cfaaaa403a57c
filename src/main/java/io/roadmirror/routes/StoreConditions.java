package io.roadmirror.routes;

import io.roadmirror.model.SegmentState;
import io.roadmirror.network.RoadNetwork;
import java.util.List;
import java.util.function.Function;

/**
 * Road conditions read from the global stores every instance holds whole: road.network,
 * mirror.segments, the route blocks and, where there are some, the forecasts. The stream
 * processor and the query API each pass their own handles on them.
 */
public final class StoreConditions implements RoadConditions {
    private final RoadNetwork network;
    private final Function<String, List<String>> blocks;
    private final LiveTravelTimes live;
    private final TravelTimes predicted;

    /**
     * @param mirror    a segment's state in mirror.segments, or null
     * @param blocks    a segment's blocking incidents, or null when none
     * @param forecasts a segment's forecast, or null when none (then the live time is the prediction)
     */
    public StoreConditions(
            RoadNetwork network,
            Function<String, SegmentState> mirror,
            Function<String, RouteBlocks> blocks,
            Function<String, ForecastTravelTimes.Forecast> forecasts) {
        this.network = network;
        this.blocks = id -> {
            RouteBlocks b = blocks.apply(id);
            return b == null ? List.of() : b.incidentIds();
        };
        this.live = new LiveTravelTimes(mirror);
        this.predicted = forecasts == null ? live : new ForecastTravelTimes(forecasts, live);
    }

    @Override
    public RoadNetwork network() {
        return network;
    }

    @Override
    public List<String> blockingIncidents(String segmentId) {
        return blocks.apply(segmentId);
    }

    @Override
    public TravelTimes predicted() {
        return predicted;
    }

    @Override
    public TravelTimes live() {
        return live;
    }
}
