package io.roadmirror.testing;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything the process says while it is installed: every log event (Kafka's own at INFO, which
 * dumps each client's configuration), with its exception chain, plus stdout and stderr. Used to
 * prove that no secret ever reaches a log, an error message or the console.
 */
public final class LogCapture implements AutoCloseable {
    private static final String NAME = "roadmirror-test-capture";
    private static final List<String> VERBOSE = List.of("org.apache.kafka", "kafka", "io.roadmirror");

    private final StringBuffer text = new StringBuffer();
    private final Appender appender = new Appender();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final Map<String, Level> originalLevels = new HashMap<>();

    public LogCapture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        for (String logger : VERBOSE) {
            originalLevels.put(logger, LogManager.getLogger(logger).getLevel());
            Configurator.setLevel(logger, Level.INFO);
            context.getConfiguration().getLoggerConfig(logger).addAppender(appender, Level.ALL, null);
        }
        context.updateLoggers();
        System.setOut(tee(originalOut));
        System.setErr(tee(originalErr));
    }

    private PrintStream tee(PrintStream original) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        original.write(b);
                        text.append((char) b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        original.write(b, off, len);
                        text.append(new String(b, off, len, StandardCharsets.UTF_8));
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    public String text() {
        return text.toString();
    }

    /** The secrets that appear anywhere in what was captured. */
    public List<String> leaked(List<String> secrets) {
        String all = text();
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            if (all.contains(secret)) {
                found.add(secret);
            }
        }
        return found;
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(NAME);
        for (String logger : VERBOSE) {
            context.getConfiguration().getLoggerConfig(logger).removeAppender(NAME);
            Configurator.setLevel(logger, originalLevels.get(logger));
        }
        context.updateLoggers();
        appender.stop();
    }

    private final class Appender extends AbstractAppender {
        Appender() {
            super(NAME, null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            text.append(event.getLevel())
                    .append(' ')
                    .append(event.getLoggerName())
                    .append(" - ")
                    .append(event.getMessage().getFormattedMessage())
                    .append('\n');
            if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(trace);
            }
        }
    }
}
