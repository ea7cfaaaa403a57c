package io.roadmirror.cli;

import io.roadmirror.config.ConfigException;
import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.runtime.StartupException;
import io.roadmirror.security.KafkaAclsCommandLine;
import io.roadmirror.security.Role;
import io.roadmirror.security.RoleAcls;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "acls",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the exact Kafka ACLs of a security role (DESIGN.md) as kafka-acls commands, or applies them with --apply.",
            "Roles: gateway, loader, pipeline, subscriber, router. --apply connects with the kafka.* settings of a principal allowed to alter ACLs."
        })
final class AclsCommand implements Callable<Integer>, ConfiguredCommand {
    private static final long TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--role",
            required = true,
            paramLabel = "ROLE",
            description = "gateway, loader, pipeline, subscriber or router.")
    String role;

    @Option(
            names = "--principal",
            required = true,
            paramLabel = "User:NAME",
            description = "The Kafka principal the role is granted to.")
    String principal;

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            description =
                    "pipeline: its application.id (default: the configured one, roadmirror); subscriber, router: its consumer group "
                            + "(default: the principal's name).")
    String applicationId;

    @Option(
            names = "--apply",
            description = "Create the ACLs through the Admin API instead of printing them (idempotent).")
    boolean apply;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            defaultValue = "admin.properties",
            description =
                    "The admin properties file named in the printed kafka-acls commands. Default: ${DEFAULT-VALUE}.")
    String commandConfig;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.KAFKA);
    }

    @Override
    public Integer call() {
        RoadmirrorConfig config = ConfigOptions.load(spec);
        Role parsedRole = parseRole(role);
        Optional<String> id = Optional.ofNullable(applicationId)
                .or(() ->
                        parsedRole == Role.PIPELINE ? Optional.of(config.kafka().applicationId()) : Optional.empty());
        List<AclBinding> bindings;
        try {
            bindings = RoleAcls.bindings(parsedRole, principal, id);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (apply) {
            applyAll(config, bindings);
            out.printf(
                    "Applied %d ACLs of role %s for %s at %s%n",
                    bindings.size(),
                    parsedRole.cliName(),
                    principal,
                    config.kafka().bootstrapServers());
        } else {
            out.printf(
                    "# role %s (%s) for %s: %d ACLs; registry: %s%n",
                    parsedRole.cliName(), parsedRole.who(), principal, bindings.size(), parsedRole.registryAccess());
            bindings.forEach(
                    b -> out.println(KafkaAclsCommandLine.add(b, config.kafka().bootstrapServers(), commandConfig)));
        }
        out.flush();
        return 0;
    }

    private static Role parseRole(String text) {
        for (Role r : Role.values()) {
            if (r.cliName().equalsIgnoreCase(text.trim())) {
                return r;
            }
        }
        throw new ConfigException(List.of(
                "--role '" + text + "' is not a role; use one of gateway, loader, pipeline, subscriber, router"));
    }

    private static void applyAll(RoadmirrorConfig config, List<AclBinding> bindings) {
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            admin.createAcls(bindings).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StartupException(
                    "the cluster refused the ACLs: " + e.getCause().getMessage()
                            + "; --apply needs an authorizer on the brokers and a principal allowed to alter ACLs "
                            + "(a super user) in the kafka.* settings",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new StartupException(
                    "the Kafka cluster did not answer within " + TIMEOUT_SECONDS
                            + " s; check bootstrap.servers (--bootstrap-servers) and the kafka.* security settings",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while applying ACLs", e);
        }
    }
}
