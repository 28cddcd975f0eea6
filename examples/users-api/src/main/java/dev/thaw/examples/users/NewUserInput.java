package dev.thaw.examples.users;

import dev.thaw.HttpException;
import dev.thaw.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates the {@link NewUser} body of POST and PUT in plain code. The body is first read as
 * generic JSON rather than straight into {@code NewUser}, so a wrong type is reported against its field
 * instead of as a parser position; every field error is collected before answering.
 */
final class NewUserInput {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_EMAIL_LENGTH = 254;

    private NewUserInput() {}

    /**
     * Returns the validated body of {@code request}.
     *
     * @throws HttpException 415 for a non-JSON content type; 400 for an empty or malformed body, or
     *     invalid fields, with an {@code errors} list of {@code {"field","message"}}
     */
    static NewUser read(Request request) {
        Object body;
        try {
            body = request.bodyAs(Object.class);
        } catch (HttpException e) {
            if (e.status() != 400) {
                throw e;
            }
            throw invalid(
                    request,
                    e.problem().detail(),
                    List.of(error("body", e.problem().detail())),
                    e);
        }
        if (!(body instanceof Map<?, ?> fields)) {
            String message = "must be a JSON object with fields name and email, was " + kind(body);
            throw invalid(request, "Invalid user: body " + message, List.of(error("body", message)), null);
        }
        List<Map<String, String>> errors = new ArrayList<>(2);
        String name = text(fields, "name", MAX_NAME_LENGTH, errors);
        String email = text(fields, "email", MAX_EMAIL_LENGTH, errors);
        if (email != null) {
            int at = email.lastIndexOf('@');
            if (at <= 0 || at == email.length() - 1) {
                email = null;
                errors.add(error("email", "must be an address with '@', like name@example.com"));
            }
        }
        if (!errors.isEmpty()) {
            StringBuilder detail = new StringBuilder("Invalid user: ");
            for (int i = 0; i < errors.size(); i++) {
                Map<String, String> error = errors.get(i);
                detail.append(i == 0 ? "" : "; ")
                        .append(error.get("field"))
                        .append(' ')
                        .append(error.get("message"));
            }
            throw invalid(request, detail.toString(), errors, null);
        }
        return new NewUser(name, email);
    }

    private static String text(Map<?, ?> fields, String field, int maxLength, List<Map<String, String>> errors) {
        Object value = fields.get(field);
        if (value == null) {
            errors.add(error(field, "is required"));
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(error(field, "must be a string, was " + kind(value)));
            return null;
        }
        if (text.isBlank()) {
            errors.add(error(field, "must not be blank"));
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(error(field, "must be at most " + maxLength + " characters, was " + text.length()));
            return null;
        }
        if (!isWellFormed(text)) {
            // JSON lets "\ud800" through, but such a name could never be written back as JSON.
            errors.add(error(field, "must be valid Unicode text (it has an unpaired surrogate escape)"));
            return null;
        }
        return text;
    }

    /** Returns whether every surrogate in {@code text} is half of a pair. */
    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String kind(Object value) {
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value == null ? "null" : "a JSON value";
    }

    private static Map<String, String> error(String field, String message) {
        return InvalidInput.error(field, message);
    }

    private static HttpException invalid(
            Request request, String detail, List<Map<String, String>> errors, Throwable cause) {
        return InvalidInput.of(request, detail, errors, cause);
    }
}
