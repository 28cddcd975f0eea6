package dev.thaw;

/** Builds one JSON log line field by field, without the JSON codec (log lines must be cheap). */
final class LogLine {

    private final StringBuilder out = new StringBuilder(160);

    LogLine(String level, String message) {
        out.append("{\"timestamp\":").append(System.currentTimeMillis()).append(",\"level\":");
        JsonText.appendString(out, level);
        out.append(",\"message\":");
        JsonText.appendString(out, message);
    }

    LogLine field(String name, String value) {
        if (value != null) {
            out.append(',');
            JsonText.appendString(out, name);
            out.append(':');
            JsonText.appendString(out, value);
        }
        return this;
    }

    LogLine field(String name, long value) {
        out.append(',');
        JsonText.appendString(out, name);
        out.append(':').append(value);
        return this;
    }

    LogLine field(String name, double value) {
        out.append(',');
        JsonText.appendString(out, name);
        out.append(':').append(Math.round(value * 1000.0) / 1000.0);
        return this;
    }

    String end() {
        return out.append('}').toString();
    }
}
