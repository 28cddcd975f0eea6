package dev.thaw.lambda;

import dev.thaw.Json;
import java.util.List;

/**
 * An invocation or init error as the Runtime API takes it: {@code {"errorMessage","errorType",
 * "stackTrace"}} plus the {@code Lambda-Runtime-Function-Error-Type} header.
 *
 * @param category the header value, {@code (Runtime|Function)\.[A-Z][a-zA-Z]+}, for example
 *     {@code Function.UnhandledException} or {@code Runtime.InvalidEvent}
 * @param errorType the body's {@code errorType} (the exception's class name for function errors)
 * @param errorMessage what happened
 * @param stackTrace one frame per entry, may be empty
 */
public record ErrorReport(String category, String errorType, String errorMessage, List<String> stackTrace) {

    /** Checks the category against the header format Lambda validates. */
    public ErrorReport {
        if (!validCategory(category)) {
            throw new IllegalArgumentException(
                    "error category '" + category + "' does not match (Runtime|Function)\\.[A-Z][a-zA-Z]+");
        }
        stackTrace = List.copyOf(stackTrace);
    }

    /**
     * Matches {@code (Runtime|Function)\.[A-Z][a-zA-Z]+} by hand: a regex would bring ~35 classes into
     * the AOT cache (training reports errors), and every cached class is loaded at each start.
     */
    private static boolean validCategory(String category) {
        int dot = category.startsWith("Runtime.") ? 7 : category.startsWith("Function.") ? 8 : -1;
        if (dot < 0 || category.length() < dot + 2) {
            return false;
        }
        char first = category.charAt(dot + 1);
        if (first < 'A' || first > 'Z') {
            return false;
        }
        for (int i = dot + 2; i < category.length(); i++) {
            char c = category.charAt(i);
            if ((c < 'a' || c > 'z') && (c < 'A' || c > 'Z')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the report of an exception thrown by the function.
     *
     * @param category for example {@code Function.UnhandledException}
     * @param failure what was thrown
     */
    public static ErrorReport of(String category, Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        String[] lines = new String[Math.min(frames.length, 64)];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = frames[i].toString();
        }
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return new ErrorReport(category, failure.getClass().getName(), message, List.of(lines));
    }

    /** Returns the JSON body. */
    public String toJson() {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"errorMessage\":");
        Json.appendQuoted(out, errorMessage);
        out.append(",\"errorType\":");
        Json.appendQuoted(out, errorType);
        out.append(",\"stackTrace\":[");
        for (int i = 0; i < stackTrace.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Json.appendQuoted(out, stackTrace.get(i));
        }
        return out.append("]}").toString();
    }
}
