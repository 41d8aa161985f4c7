package dev.mlops.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything a test run prints: every JUL record at any level (jboss-logging lands there when no other backend is
 * present), formatted with its parameters and stack trace, plus System.out and System.err.
 */
public final class LogCapture implements AutoCloseable {

    private final StringBuffer logs = new StringBuffer();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Logger root = Logger.getLogger("");
    private final Level previousLevel = root.getLevel();
    private final PrintStream previousOut = System.out;
    private final PrintStream previousErr = System.err;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ")
                    .append(new java.util.logging.SimpleFormatter().formatMessage(record)).append('\n');
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    logs.append("  param: ").append(parameter).append('\n');
                }
            }
            if (record.getThrown() != null) {
                logs.append(stackTrace(record.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public LogCapture() {
        root.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
    }

    public String text() {
        return logs + "\n--- stdout/stderr ---\n" + out.toString(StandardCharsets.UTF_8);
    }

    public String logs() {
        return logs.toString();
    }

    /**
     * Runs a call that must fail, logs its exception (as a caller would) and returns the message and stack trace,
     * for leak tests to search. A call that does not fail is an {@link AssertionError}.
     */
    public static String failureText(Runnable failing) {
        try {
            failing.run();
        } catch (RuntimeException e) {
            Logger.getLogger(LogCapture.class.getName()).log(Level.WARNING, "Call failed", e);
            return e.getMessage() + "\n" + stackTrace(e);
        }
        throw new AssertionError("the call was expected to fail");
    }

    public static String stackTrace(Throwable t) {
        StringWriter writer = new StringWriter();
        t.printStackTrace(new PrintWriter(writer));
        return writer.toString();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(previousLevel);
        System.setOut(previousOut);
        System.setErr(previousErr);
    }
}
