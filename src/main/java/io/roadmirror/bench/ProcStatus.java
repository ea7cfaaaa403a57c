package io.roadmirror.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads a process's memory figures from /proc/&lt;pid&gt;/status (Linux); empty elsewhere. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** A "kB" line of the status file, e.g. VmHWM (peak resident set) or VmRSS. */
    static OptionalLong kilobytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }
}
