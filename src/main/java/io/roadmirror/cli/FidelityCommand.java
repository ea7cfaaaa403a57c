package io.roadmirror.cli;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.sim.Fidelity;
import io.roadmirror.sim.FidelityCheck;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "fidelity",
        mixinStandardHelpOptions = true,
        description =
                "Judges what the pipeline published (mirror.segments, incident.reports, routing.advisories, mirror.forecasts) "
                        + "against a simulator's ground truth: speed error, crash detection precision and recall, time to the first advisory, "
                        + "detours, and the forecasts' speed error at each horizon beside persistence and the historical time-of-day mean.")
final class FidelityCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--ground-truth",
            required = true,
            paramLabel = "FILE",
            description =
                    "The file written by `simulate --ground-truth` (the demo writes ground-truth.jsonl in its data directory).")
    Path groundTruth;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report as JSON here.")
    Path report;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.KAFKA, ConfigKey.Scope.REGISTRY);
    }

    @Override
    public Integer call() {
        RoadmirrorConfig config = ConfigOptions.load(spec);
        try (SchemaRegistryClient registry = new HttpSchemaRegistryClient(config.registry())) {
            Fidelity.Report result =
                    FidelityCheck.run(groundTruth, config.kafka().clientProperties(), new Topics(registry, false));
            spec.commandLine().getOut().print(result.table());
            if (report != null) {
                FidelityCheck.writeJson(result, report);
            }
        }
        return 0;
    }
}
