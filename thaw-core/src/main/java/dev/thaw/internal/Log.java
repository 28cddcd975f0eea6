package dev.thaw.internal;

import dev.thaw.Context;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * thaw's one log writer: formats a line in Lambda's text or JSON log format and writes it with a single
 * write, so concurrent lines never interleave. Everything that logs goes through it: thaw's own
 * middleware and adapters, {@code System.getLogger} (through {@link ThawLoggerFinder}) and, with
 * thaw-slf4j, SLF4J. Not API: public only because the other thaw modules write through it.
 *
 * <p>{@code AWS_LAMBDA_LOG_FORMAT=JSON} selects one JSON object per line; anything else a tab-separated
 * text line {@code timestamp level requestId logger message}. {@code AWS_LAMBDA_LOG_LEVEL} (TRACE,
 * DEBUG, INFO, WARN, ERROR, FATAL; default INFO) drops lines below it in both formats. Lines written
 * during an invocation carry its request id, trace id and cold-start flag (see {@link
 * CurrentInvocation}).
 *
 * <pre>{@code
 * Log log = Log.standard();
 * if (log.isLoggable(Log.WARN)) {
 *     log.line(Log.WARN, "dev.thaw.server.LocalServer", "slow client").field("path", path).write();
 * }
 * }</pre>
 */
public final class Log {

    /** The finest level. */
    public static final int TRACE = 0;
    /** Diagnostic detail. */
    public static final int DEBUG = 1;
    /** Normal operation (the default threshold). */
    public static final int INFO = 2;
    /** Something unexpected that thaw recovered from. */
    public static final int WARN = 3;
    /** A failure of one request or task. */
    public static final int ERROR = 4;
    /** A failure that ends the process. */
    public static final int FATAL = 5;
    /** A threshold that lets nothing through. */
    public static final int OFF = 6;

    /** Frames written per throwable in the trace; a deep recursion must not make a 100 KB line. */
    static final int MAX_FRAMES = 50;

    /** Causes followed below the thrown exception. */
    static final int MAX_CAUSES = 8;

    private static final String[] NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final Consumer<String> STDOUT = new Stdout();

    private static final Log STANDARD =
            of(System.getenv("AWS_LAMBDA_LOG_FORMAT"), System.getenv("AWS_LAMBDA_LOG_LEVEL"), null);

    private final boolean json;
    private final int threshold;
    private final Consumer<String> sink;

    private Log(boolean json, int threshold, Consumer<String> sink) {
        this.json = json;
        this.threshold = threshold;
        this.sink = sink;
    }

    /**
     * Returns the sink every thaw line goes to by default: standard output, each line (a line break added)
     * in one write, so lines of concurrent invocations never interleave. Metrics and trace lines use it too.
     */
    public static Consumer<String> stdout() {
        return STDOUT;
    }

    /** Returns the process's writer: configured from the environment, writing to standard output. */
    public static Log standard() {
        return STANDARD;
    }

    /**
     * Returns a writer configured as the Lambda variables would configure it.
     *
     * @param format {@code JSON} (any case) for JSON lines; anything else, or null, for text
     * @param level a level name; null or unknown means INFO
     * @param sink receives each line without its line break; null writes to standard output
     * @return the writer
     */
    public static Log of(String format, String level, Consumer<String> sink) {
        return new Log("JSON".equalsIgnoreCase(format), level(level, INFO), sink);
    }

    /**
     * Returns a writer with this one's format and threshold that hands each line to {@code sink}.
     *
     * @param sink receives each line without its line break
     * @return the writer
     */
    public Log to(Consumer<String> sink) {
        return new Log(json, threshold, sink);
    }

    /**
     * Parses a level name as {@code AWS_LAMBDA_LOG_LEVEL} holds it.
     *
     * @param name TRACE, DEBUG, INFO, WARN (or WARNING), ERROR, FATAL or OFF, in any case
     * @param fallback what a null or unknown name means
     * @return the level
     */
    public static int level(String name, int fallback) {
        if (name == null) {
            return fallback;
        }
        String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("WARNING")) {
            return WARN;
        }
        if (upper.equals("OFF")) {
            return OFF;
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(upper)) {
                return i;
            }
        }
        return fallback;
    }

    /** Returns whether lines are JSON objects (else text). */
    public boolean json() {
        return json;
    }

    /** Returns the lowest level written. */
    public int threshold() {
        return threshold;
    }

    /**
     * Returns whether a line at {@code level} would be written; check it before building an expensive
     * message.
     */
    public boolean isLoggable(int level) {
        return level >= threshold && level < OFF;
    }

    /**
     * Starts a line; add fields, then {@link Line#write()}. Writing a line below the threshold does nothing.
     *
     * @param level the level, {@link #TRACE} to {@link #FATAL}
     * @param logger the logger's name, usually a class name
     * @param message the message
     * @return the line
     */
    public Line line(int level, String logger, String message) {
        return new Line(this, level, logger, message);
    }

    /** Writes a one-message line when {@code level} is loggable. */
    public void write(int level, String logger, String message) {
        if (isLoggable(level)) {
            new Line(this, level, logger, message).write();
        }
    }

    /** Writes a message with an exception's type, message and capped stack trace when {@code level} is loggable. */
    public void write(int level, String logger, String message, Throwable error) {
        if (isLoggable(level)) {
            new Line(this, level, logger, message).error(error).write();
        }
    }

    /**
     * One log line being built: the level, logger and message, then fields (JSON members at top level,
     * {@code name=value} pairs after a text message) and an optional exception.
     */
    public static final class Line {

        private final Log log;
        private final int level;
        private final String logger;
        private final String message;
        private final StringBuilder fields = new StringBuilder(96);
        private Context invocation;
        private boolean invocationSet;
        private String requestId;
        private boolean ownTraceId;
        private boolean ownColdStart;
        private Throwable error;

        private Line(Log log, int level, String logger, String message) {
            this.log = log;
            this.level = Math.max(TRACE, Math.min(FATAL, level));
            this.logger = logger;
            this.message = message;
        }

        /**
         * Takes the request id, trace id and cold-start flag from {@code context} instead of the current
         * invocation (for lines written after the app returned, such as an adapter's error line).
         */
        public Line invocation(Context context) {
            this.invocation = context;
            this.invocationSet = true;
            return this;
        }

        /** Adds a string field; a null value is left out. A {@code requestId} field replaces the invocation's. */
        public Line field(String name, String value) {
            if (value == null || reserved(name)) {
                return this;
            }
            if (name.equals("requestId")) {
                requestId = value;
                return this;
            }
            next(name);
            if (log.json) {
                appendJsonString(fields, value);
            } else {
                appendTextValue(fields, value);
            }
            return this;
        }

        /** Adds a whole-number field. */
        public Line field(String name, long value) {
            if (!reserved(name)) {
                next(name);
                fields.append(value);
            }
            return this;
        }

        /** Adds a number field, rounded to three decimals (durations in milliseconds). */
        public Line field(String name, double value) {
            if (!reserved(name)) {
                next(name);
                if (Double.isFinite(value)) {
                    Decimals.append(fields, Math.round(value * 1000.0) / 1000.0);
                } else {
                    fields.append(log.json ? "null" : "NaN");
                }
            }
            return this;
        }

        /** Adds a boolean field. */
        public Line field(String name, boolean value) {
            if (!reserved(name)) {
                next(name);
                fields.append(value);
            }
            return this;
        }

        /** Attaches an exception: {@code errorType}, {@code errorMessage} and a capped {@code stackTrace}. */
        public Line error(Throwable error) {
            this.error = error;
            return this;
        }

        /** Formats the line and writes it with one write (nothing when its level is below the threshold). */
        public void write() {
            if (!log.isLoggable(level)) {
                return;
            }
            Context context = invocationSet ? invocation : CurrentInvocation.context();
            StringBuilder out = new StringBuilder(128 + fields.length());
            if (log.json) {
                json(out, context);
            } else {
                text(out, context);
            }
            log.emit(out);
        }

        private boolean reserved(String name) {
            switch (name) {
                case "timestamp", "level", "message", "logger", "errorType", "errorMessage", "stackTrace":
                    return true;
                case "traceId":
                    ownTraceId = true;
                    return false;
                case "coldStart":
                    ownColdStart = true;
                    return false;
                default:
                    return false;
            }
        }

        private void next(String name) {
            if (log.json) {
                fields.append(',');
                appendJsonString(fields, name);
                fields.append(':');
            } else {
                fields.append(' ').append(name).append('=');
            }
        }

        private void json(StringBuilder out, Context context) {
            out.append("{\"timestamp\":\"");
            appendTimestamp(out, System.currentTimeMillis());
            out.append("\",\"level\":\"").append(NAMES[level]).append("\",\"message\":");
            appendJsonString(out, message == null ? "null" : message);
            if (logger != null) {
                out.append(",\"logger\":");
                appendJsonString(out, logger);
            }
            String id = requestId != null ? requestId : context != null ? context.requestId() : null;
            if (id != null) {
                out.append(",\"requestId\":");
                appendJsonString(out, id);
            }
            if (context != null) {
                if (!ownTraceId && context.traceHeader() != null) {
                    out.append(",\"traceId\":");
                    appendJsonString(out, context.traceHeader());
                }
                if (!ownColdStart) {
                    out.append(",\"coldStart\":").append(context.coldStart());
                }
            }
            out.append(fields);
            if (error != null) {
                out.append(",\"errorType\":");
                appendJsonString(out, error.getClass().getName());
                out.append(",\"errorMessage\":");
                appendJsonString(out, String.valueOf(error.getMessage()));
                out.append(",\"stackTrace\":[");
                appendTrace(out, error, true);
                out.append(']');
            }
            out.append('}');
        }

        private void text(StringBuilder out, Context context) {
            appendTimestamp(out, System.currentTimeMillis());
            out.append('\t').append(NAMES[level]).append('\t');
            String id = requestId != null ? requestId : context != null ? context.requestId() : null;
            out.append(id != null ? id : "-").append('\t');
            out.append(logger != null ? logger : "-").append('\t');
            appendTextMessage(out, message == null ? "null" : message);
            out.append(fields);
            if (error != null) {
                out.append(' ').append(error.getClass().getName()).append(": ");
                appendTextMessage(out, String.valueOf(error.getMessage()));
                appendTrace(out, error, false);
            }
        }
    }

    private void emit(StringBuilder line) {
        (sink != null ? sink : STDOUT).accept(line.toString());
    }

    /** Standard output, one write per line; a named class, as a method reference would spin one at start-up. */
    private static final class Stdout implements Consumer<String> {
        @Override
        public void accept(String line) {
            if (!AfterResponse.collect(line)) {
                writeStdout(new StringBuilder(line.length() + 1).append(line).append('\n'));
            }
        }
    }

    /** Writes whole lines (each ending in a line break) to standard output in one write call. */
    static void writeStdout(CharSequence lines) {
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        // One write call: PrintStream locks around it, so another thread's line cannot land inside these.
        PrintStream out = System.out;
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    /**
     * Appends the frames of {@code error} and its causes: JSON strings separated by commas, or text lines
     * starting {@code \n\tat }. At most {@link #MAX_FRAMES} per throwable and {@link #MAX_CAUSES} causes.
     */
    static void appendTrace(StringBuilder out, Throwable error, boolean json) {
        boolean first = true;
        Throwable t = error;
        for (int depth = 0; t != null && depth <= MAX_CAUSES; depth++) {
            if (depth > 0) {
                first = traceEntry(out, "Caused by: " + t, json, first, "\n");
            }
            StackTraceElement[] frames = t.getStackTrace();
            int shown = Math.min(frames.length, MAX_FRAMES);
            for (int i = 0; i < shown; i++) {
                first = traceEntry(out, frames[i].toString(), json, first, "\n\tat ");
            }
            if (frames.length > shown) {
                first = traceEntry(out, "... " + (frames.length - shown) + " more", json, first, "\n\t");
            }
            Throwable cause = t.getCause();
            t = cause == t ? null : cause;
        }
        if (t != null) {
            traceEntry(out, "... more causes", json, first, "\n");
        }
    }

    private static boolean traceEntry(StringBuilder out, String entry, boolean json, boolean first, String lead) {
        if (json) {
            if (!first) {
                out.append(',');
            }
            appendJsonString(out, entry);
        } else {
            out.append(lead).append(entry);
        }
        return false;
    }

    /** Appends {@code millis} as ISO-8601 UTC with milliseconds, {@code 2026-11-28T01:29:28.123Z}, without java.time. */
    static void appendTimestamp(StringBuilder out, long millis) {
        long days = Math.floorDiv(millis, 86_400_000L);
        long ofDay = Math.floorMod(millis, 86_400_000L);
        // Civil date from days since 1970-01-01, in 400-year eras starting on March 1st.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, ofDay / 3_600_000, 2).append(':');
        pad(out, ofDay / 60_000 % 60, 2).append(':');
        pad(out, ofDay / 1000 % 60, 2).append('.');
        pad(out, ofDay % 1000, 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        long limit = 1;
        for (int i = 1; i < width; i++) {
            limit *= 10;
        }
        for (long l = limit; l > 1 && value < l; l /= 10) {
            out.append('0');
        }
        return out.append(value);
    }

    /** Appends {@code s} as a JSON string; line and paragraph separators escaped so a line stays one line. */
    static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                appendUnicodeEscape(out, c);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Appends a text-mode message: control characters escaped so one record stays one line. */
    static void appendTextMessage(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 && c != '\t' || c == 0x2028 || c == 0x2029) {
                appendUnicodeEscape(out, c);
            } else {
                out.append(c);
            }
        }
    }

    /** Appends a text-mode field value: bare when it is one plain word, else quoted as a JSON string. */
    static void appendTextValue(StringBuilder out, String s) {
        boolean plain = !s.isEmpty();
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c > 0x20 && c != '"' && c != '=' && c != '\\' && c != 0x7f && c != 0x2028 && c != 0x2029;
        }
        if (plain) {
            out.append(s);
        } else {
            appendJsonString(out, s);
        }
    }

    private static void appendUnicodeEscape(StringBuilder out, char c) {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
