package io.roadmirror.cli;

import io.roadmirror.config.ConfigKey;
import java.util.Set;

/** A command whose flags are generated from the configuration keys of the given scopes. */
interface ConfiguredCommand {
    Set<ConfigKey.Scope> configScopes();
}
