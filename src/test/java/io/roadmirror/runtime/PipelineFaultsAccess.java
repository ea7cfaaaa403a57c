package io.roadmirror.runtime;

/** Lets tests outside the package put {@link PipelineFaults} into the states the runner puts it in. */
public final class PipelineFaultsAccess {
    private PipelineFaultsAccess() {}

    public static void flagRegistry(PipelineFaults faults, String reason) {
        faults.registryProblem(reason);
    }
}
