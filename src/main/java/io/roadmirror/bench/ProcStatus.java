package io.roadmirror.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads a process's memory and CPU figures from /proc/&lt;pid&gt;/ (Linux); empty elsewhere. */
final class ProcStatus {
    private ProcStatus() {}

    /** A "kB" line of the status file, e.g. VmHWM (peak resident set) or VmRSS. */
    static OptionalLong kilobytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(
                            line.substring(field.length() + 1).replace("kB", "").trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    /**
     * CPU time the process has used so far (user + system), in milliseconds: unlike wall-clock rates it
     * hardly depends on what else the machine is doing, so it compares runs on a shared machine.
     */
    static OptionalLong cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks =
                    Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15 of stat)
            return OptionalLong.of(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** USER_HZ: 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;
}
