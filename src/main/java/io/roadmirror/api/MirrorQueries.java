package io.roadmirror.api;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roadmirror.advisories.AdvisoryTopology;
import io.roadmirror.hotspots.HotspotTopology;
import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The questions the API answers, for the whole application whichever instance is asked: a key
 * is answered by the instance owning its partition (here, or forwarded to the owner's
 * instance-local endpoint), "all" questions are gathered from every instance hosting the store.
 * Global stores (the road network) are complete here and are read locally.
 */
final class MirrorQueries {
    private final LocalStores local;
    private final InstanceLocator locator;
    private final PeerClient peers;
    private final JavaType mirrorEntryType;
    private final JavaType liveStatesType;
    private final JavaType hotspotsType;
    private final JavaType advisoriesType;
    private final LongSupplier networkVersion;
    private final BooleanSupplier settled;
    private volatile DecodedNetwork decoded;

    /** The road network decoded once per version of it: /api/network and /api/segments both need it whole. */
    private record DecodedNetwork(long version, List<Segment> segments) {}

    /**
     * @param networkVersion changes whenever road.network does
     * @param settled        false while the global store may still be loading: nothing decoded is kept then
     */
    MirrorQueries(
            LocalStores local,
            InstanceLocator locator,
            PeerClient peers,
            ObjectMapper json,
            LongSupplier networkVersion,
            BooleanSupplier settled) {
        this.networkVersion = networkVersion;
        this.settled = settled;
        this.local = local;
        this.locator = locator;
        this.peers = peers;
        this.mirrorEntryType = json.constructType(MirrorEntry.class);
        this.liveStatesType = json.getTypeFactory().constructCollectionType(List.class, LiveStateView.class);
        this.hotspotsType = json.getTypeFactory().constructCollectionType(List.class, HotspotView.class);
        this.advisoriesType = json.getTypeFactory().constructCollectionType(List.class, AdvisoryView.class);
    }

    /** @throws ApiException 404 when the road network has no such segment */
    SegmentDetailView segment(String segmentId) {
        Segment segment = requireSegment(segmentId);
        MirrorEntry entry = atOwner(
                MirrorTopology.STORE,
                segmentId,
                owner -> local.mirrorEntry(segmentId, owner.partition()),
                InternalRoutes.mirrorEntryPath(segmentId),
                mirrorEntryType);
        return new SegmentDetailView(SegmentView.of(segment, entry.live()), entry.history());
    }

    /** Every segment of the network with its live state; {@code levels} empty = all. */
    List<SegmentView> segments(Set<CongestionLevel> levels) {
        Map<String, LiveStateView> live = byId(liveStates(), LiveStateView::segmentId);
        return network().stream()
                .map(s -> SegmentView.of(s, live.get(s.id())))
                .filter(v -> levels.isEmpty() || levels.contains(v.congestionLevel()))
                .toList();
    }

    /** WATCH and HOTSPOT segments, the most incident-prone first. */
    List<HotspotView> hotspots() {
        List<HotspotView> all =
                new ArrayList<>(gather(HotspotTopology.STORE, local::hotspots, InternalRoutes.HOTSPOTS, hotspotsType));
        all.sort(Comparator.comparing((HotspotView h) -> !h.level().equals("HOTSPOT"))
                .thenComparing(HotspotView::severityScore, Comparator.reverseOrder())
                .thenComparing(HotspotView::segmentId));
        return all;
    }

    /** The newest advisories; a segment's come from the instance owning it, all of them from every instance. */
    List<AdvisoryView> advisories(AdvisoryQuery query) {
        String path = InternalRoutes.ADVISORIES + "?" + query.queryString();
        if (query.segmentId() != null) {
            requireSegment(query.segmentId());
            return atOwner(
                    AdvisoryTopology.LOG_STORE,
                    query.segmentId(),
                    owner -> local.advisories(query, owner.partition()),
                    path,
                    advisoriesType);
        }
        return AdvisoryQuery.newestFirst(
                gather(AdvisoryTopology.LOG_STORE, () -> local.advisories(query, null), path, advisoriesType),
                query.limit());
    }

    NetworkGeoJson.FeatureCollection networkGeoJson() {
        return NetworkGeoJson.of(
                network(), byId(liveStates(), LiveStateView::segmentId), byId(hotspots(), HotspotView::segmentId));
    }

    private List<LiveStateView> liveStates() {
        return gather(MirrorTopology.STORE, local::liveStates, InternalRoutes.MIRROR, liveStatesType);
    }

    private List<Segment> network() {
        DecodedNetwork known = decoded;
        long version =
                networkVersion.getAsLong(); // before reading: a change during the read makes the next call read again
        if (known != null && known.version() == version && settled.getAsBoolean()) {
            return known.segments();
        }
        List<Segment> segments = Retry.within("the road network", local::network);
        decoded = new DecodedNetwork(version, segments);
        return segments;
    }

    private Segment requireSegment(String segmentId) {
        return Retry.within("the road network", () -> local.segment(segmentId))
                .orElseThrow(
                        () -> ApiException.notFound("there is no segment '" + segmentId + "' in the road network"));
    }

    /**
     * Answers a key from the instance owning its partition. The owner is looked up again on every
     * attempt: during a rebalance the partition moves, and the old owner answers 503.
     */
    private <T> T atOwner(
            String store, String key, Function<InstanceLocator.Owner, T> readLocally, String peerPath, JavaType type) {
        return Retry.within("'" + key + "' in " + store, () -> {
            InstanceLocator.Owner owner = locator.ownerOf(store, key);
            return owner.local() ? readLocally.apply(owner) : peers.get(owner.host(), peerPath, type);
        });
    }

    /** Collects one store's answer from every instance hosting it; all of them must answer, or the result would silently miss segments. */
    private <T> List<T> gather(String store, Supplier<List<T>> readLocally, String peerPath, JavaType type) {
        return Retry.within(store, () -> {
            List<T> all = new ArrayList<>();
            for (HostInfo host : locator.hostsOf(store)) {
                List<T> part = host.equals(locator.self()) ? readLocally.get() : peers.get(host, peerPath, type);
                all.addAll(part);
            }
            return all;
        });
    }

    private static <T> Map<String, T> byId(List<T> values, Function<T, String> id) {
        return values.stream().collect(Collectors.toMap(id, v -> v, (a, b) -> a));
    }
}
