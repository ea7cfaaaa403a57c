package io.roadmirror.cli;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.SchemaSetup;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "register-schemas",
        mixinStandardHelpOptions = true,
        description = {
            "Registers the value schema of every topic (compiled from schemas/) under <topic>-value.",
            "Use it before `run` against a registry where auto-registration is off. An incompatible change is refused by the registry and reported."
        })
final class RegisterSchemasCommand implements Callable<Integer>, ConfiguredCommand {
    @Spec
    CommandSpec spec;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.REGISTRY);
    }

    @Override
    public Integer call() {
        RoadmirrorConfig config = ConfigOptions.load(spec);
        try (SchemaRegistryClient registry = new HttpSchemaRegistryClient(config.registry())) {
            Map<String, Integer> ids = SchemaSetup.registerAll(registry);
            ids.forEach((subject, id) -> spec.commandLine().getOut().printf("%-28s schema id %d%n", subject, id));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Registered %d subjects at %s%n",
                            ids.size(), config.registry().urls().get(0));
        }
        return 0;
    }
}
