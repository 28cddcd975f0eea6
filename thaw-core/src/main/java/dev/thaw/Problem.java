package dev.thaw;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}. Details are written for the
 * client: never a stack trace or an internal class name.
 *
 * <pre>{@code
 * return Problem.of(400, "Field 'email' is required").with("field", "email").toResponse();
 * }</pre>
 */
public final class Problem {

    /** The media type of problem bodies. */
    public static final String CONTENT_TYPE = "application/problem+json";

    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance");

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String instance;
    private final Map<String, Object> extensions;

    private Problem(
            int status, String type, String title, String detail, String instance, Map<String, Object> extensions) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("problem status must be 4xx or 5xx, was " + status);
        }
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.instance = instance;
        this.extensions = extensions;
    }

    /**
     * Returns a problem with the standard title of {@code status}.
     *
     * @param status a 4xx or 5xx status
     * @param detail what went wrong for this request, or null
     * @return the problem
     */
    public static Problem of(int status, String detail) {
        return new Problem(status, "about:blank", HttpStatus.reasonPhrase(status), detail, null, Map.of());
    }

    /** Returns a copy with a {@code type} URI. */
    public Problem withType(String type) {
        return new Problem(status, type, title, detail, instance, extensions);
    }

    /** Returns a copy with a {@code title}. */
    public Problem withTitle(String title) {
        return new Problem(status, type, title, detail, instance, extensions);
    }

    /** Returns a copy with an {@code instance} (usually the request path). */
    public Problem withInstance(String instance) {
        return new Problem(status, type, title, detail, instance, extensions);
    }

    /**
     * Returns a copy with an extension member.
     *
     * @param name member name
     * @param value a String, Number, Boolean, List or Map of these, or null
     * @return the copy
     * @throws IllegalArgumentException when {@code name} is one of the standard members (type, title,
     *     status, detail, instance), which would be written twice
     */
    public Problem with(String name, Object value) {
        if (name == null || STANDARD_MEMBERS.contains(name)) {
            throw new IllegalArgumentException(
                    "problem extension '" + name + "' clashes with a standard member; use its own method instead");
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(name, value);
        return new Problem(status, type, title, detail, instance, copy);
    }

    /** Returns the status. */
    public int status() {
        return status;
    }

    /** Returns the type URI ({@code about:blank} by default). */
    public String type() {
        return type;
    }

    /** Returns the title. */
    public String title() {
        return title;
    }

    /** Returns the detail, or null. */
    public String detail() {
        return detail;
    }

    /** Returns the instance, or null. */
    public String instance() {
        return instance;
    }

    /** Returns the extension members. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Returns the problem as JSON text. */
    public String toJson() {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"type\":");
        JsonText.appendString(out, type);
        out.append(",\"title\":");
        JsonText.appendString(out, title);
        out.append(",\"status\":").append(status);
        if (detail != null) {
            out.append(",\"detail\":");
            JsonText.appendString(out, detail);
        }
        if (instance != null) {
            out.append(",\"instance\":");
            JsonText.appendString(out, instance);
        }
        for (Map.Entry<String, Object> e : extensions.entrySet()) {
            out.append(',');
            JsonText.appendString(out, e.getKey());
            out.append(':');
            JsonText.appendValue(out, e.getValue());
        }
        return out.append('}').toString();
    }

    /** Returns the problem as a response with status, content type and body. */
    public Response toResponse() {
        return Response.status(status).bytes(toJson().getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
