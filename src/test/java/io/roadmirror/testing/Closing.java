package io.roadmirror.testing;

/** Stops what a test class started, in the given order, each even when an earlier one failed or never started (null). */
public final class Closing {
    private Closing() {}

    public static void all(AutoCloseable... resources) {
        AssertionError failed = null;
        for (AutoCloseable r : resources) {
            try {
                if (r != null) {
                    r.close();
                }
            } catch (Exception e) {
                if (failed == null) {
                    failed = new AssertionError("could not stop " + r.getClass().getSimpleName(), e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
