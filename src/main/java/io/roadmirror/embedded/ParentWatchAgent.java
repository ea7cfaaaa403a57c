package io.roadmirror.embedded;

/**
 * A Java agent loaded into child JVMs (the embedded schema registry) that ends the child when the
 * roadmirror process that started it is gone, however it went (exit, Ctrl-C, kill -9, crash):
 * no orphaned JVMs holding the well-known ports. Self-contained on purpose: it is copied alone into
 * a tiny agent jar (see {@link ChildJvm}), so it must not use other project classes.
 */
public final class ParentWatchAgent {
    private ParentWatchAgent() {}

    public static void premain(String args) {
        long parentPid;
        try {
            parentPid = Long.parseLong(args.trim());
        } catch (RuntimeException e) {
            System.err.println("ParentWatchAgent: expected the parent pid as agent argument, got '" + args + "'");
            return;
        }
        var parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            Runtime.getRuntime().halt(3);
        }
        parent.get().onExit().thenRun(() -> {
            Thread exit = new Thread(() -> System.exit(0), "parent-gone-exit");
            exit.setDaemon(true);
            exit.start();
            try {
                exit.join(10_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(0); // shutdown hooks hung: do not linger
        });
    }
}
