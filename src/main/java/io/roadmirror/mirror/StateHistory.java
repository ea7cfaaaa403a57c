package io.roadmirror.mirror;

import java.util.ArrayList;
import java.util.List;

/** The last states published for a segment, oldest first, for people asking "what happened here lately". */
public record StateHistory(List<LiveState> states) {
    public static final int CAPACITY = 30;

    public StateHistory {
        states = List.copyOf(states);
    }

    public static StateHistory empty() {
        return new StateHistory(List.of());
    }

    public StateHistory with(LiveState state) {
        List<LiveState> next = new ArrayList<>(states);
        next.add(state);
        return new StateHistory(next.size() > CAPACITY ? next.subList(next.size() - CAPACITY, next.size()) : next);
    }
}
