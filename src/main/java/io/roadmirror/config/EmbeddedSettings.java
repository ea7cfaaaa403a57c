package io.roadmirror.config;

import java.nio.file.Path;
import java.util.Optional;

/** Ports and directories of the embedded broker and registry that `demo` starts. */
public record EmbeddedSettings(
        int brokerPort, int controllerPort, int registryPort, Optional<Path> dataDir, Optional<Path> registryHome) {

    static EmbeddedSettings read(ConfigReader r) {
        EmbeddedSettings s = new EmbeddedSettings(
                r.get(ConfigKeys.BROKER_PORT),
                r.get(ConfigKeys.CONTROLLER_PORT),
                r.get(ConfigKeys.REGISTRY_PORT),
                r.optional(ConfigKeys.DATA_DIR),
                r.optional(ConfigKeys.REGISTRY_HOME));
        if (s.brokerPort == s.controllerPort || s.brokerPort == s.registryPort || s.controllerPort == s.registryPort) {
            r.problem("the embedded broker, controller and registry need three different ports (got "
                    + s.brokerPort + ", " + s.controllerPort + ", " + s.registryPort
                    + "); change --broker-port, --controller-port or --registry-port");
        }
        return s;
    }
}
