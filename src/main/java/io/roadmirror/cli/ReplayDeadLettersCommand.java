package io.roadmirror.cli;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.ingest.DeadLetterReplay;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "replay-deadletters",
        mixinStandardHelpOptions = true,
        description = {
            "Re-publishes selected dead letters to their source topic once the cause is fixed (original key, value and headers, "
                    + "without the dlq.* headers). A dead letter found after a repartition is read back from its source topic by offset; "
                    + "a truncated one cannot be replayed and is only listed.",
            "Nothing is committed: run it with --dry-run first, then without."
        })
final class ReplayDeadLettersCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--reason",
            split = ",",
            paramLabel = "REASON",
            description = "Only these reasons (DESERIALIZATION, UNKNOWN_SCHEMA, INVALID_VALUE, UNKNOWN_SEGMENT, "
                    + "FUTURE_TIMESTAMP, LATE); repeatable or comma-separated.")
    List<String> reasons = new ArrayList<>();

    @Option(
            names = "--topic",
            split = ",",
            paramLabel = "TOPIC",
            description = "Only dead letters from these source topics (dlq.topic).")
    List<String> topics = new ArrayList<>();

    @Option(
            names = "--from",
            paramLabel = "ISO-8601",
            description = "Only dead letters whose timestamp is at or after this instant, e.g. 2026-12-02T09:00:00Z.")
    String from;

    @Option(
            names = "--to",
            paramLabel = "ISO-8601",
            description = "Only dead letters whose timestamp is before this instant.")
    String to;

    @Option(names = "--dry-run", description = "Print what would be re-published, publish nothing.")
    boolean dryRun;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.KAFKA);
    }

    @Override
    public Integer call() {
        RoadmirrorConfig config = ConfigOptions.load(spec);
        DeadLetterReplay.Selection selection;
        try {
            selection = new DeadLetterReplay.Selection(
                    DeadLetterReplay.reasons(reasons),
                    Set.copyOf(topics),
                    instant("--from", from),
                    instant("--to", to));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        new DeadLetterReplay(
                        config.kafka().clientProperties(), spec.commandLine().getOut())
                .replay(selection, dryRun);
        return 0;
    }

    private static Instant instant(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option + " " + text + " is not an ISO-8601 instant such as 2026-12-02T09:00:00Z");
        }
    }
}
