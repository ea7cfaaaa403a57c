package io.roadmirror.whatif;

/** A what-if that cannot be answered as asked; the message says what to change. */
public final class WhatIfRefusal extends RuntimeException {
    private final boolean unknownSegment;

    WhatIfRefusal(String message, boolean unknownSegment) {
        super(message);
        this.unknownSegment = unknownSegment;
    }

    /** True when the question names a segment the network does not have (the API answers 404). */
    public boolean unknownSegment() {
        return unknownSegment;
    }
}
