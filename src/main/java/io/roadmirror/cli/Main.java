package io.roadmirror.cli;

import io.roadmirror.config.ConfigException;
import io.roadmirror.network.NetworkFileException;
import io.roadmirror.registry.RegistryException;
import io.roadmirror.runtime.StartupException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The roadmirror command line: {@code roadmirror <command> [options]}. */
@Command(
        name = "roadmirror",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A real-time digital mirror of a road network on Apache Kafka.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            SimulateCommand.class,
            FidelityCommand.class,
            BenchCommand.class,
            BenchRoutesCommand.class,
            RegisterSchemasCommand.class,
            LoadNetworkCommand.class,
            TopologyCommand.class,
            HealthcheckCommand.class,
            AclsCommand.class,
            ReplayDeadLettersCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = commandLine();
        int exit = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        return exit;
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof ConfiguredCommand configured) {
                ConfigOptions.addTo(sub.getCommandSpec(), configured.configScopes());
            }
        }
        cli.setExecutionExceptionHandler(Main::handle);
        return cli;
    }

    /** Problems a user can fix are one clear message; anything else is a bug and gets its stack trace. */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (isSecurityRefusal(e)) {
            err.println(cli.getColorScheme()
                    .errorText("roadmirror: " + e.getMessage() + "\nThe Kafka cluster refused this principal:"
                            + " check the credentials in the kafka.* settings and its ACLs (`roadmirror acls --role ROLE --principal User:NAME`"
                            + " prints what each role needs)."));
            return 1;
        }
        if (e instanceof ConfigException
                || e instanceof StartupException
                || e instanceof RegistryException
                || e instanceof NetworkFileException) {
            err.println(cli.getColorScheme().errorText("roadmirror: " + e.getMessage()));
            return e instanceof ConfigException ? 2 : 1;
        }
        err.println(cli.getColorScheme().errorText("roadmirror: unexpected failure: " + e));
        e.printStackTrace(err);
        return 1;
    }

    /** A missing ACL or a refused login, anywhere in the cause chain: the operator's to fix, not a bug. */
    private static boolean isSecurityRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.AuthorizationException
                    || t instanceof org.apache.kafka.common.errors.AuthenticationException) {
                return true;
            }
        }
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"roadmirror " + (version == null ? "(development build)" : version)};
        }
    }
}
