package dev.thaw.examples.users;

import dev.thaw.HttpException;
import dev.thaw.Problem;
import dev.thaw.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The 400 problem of this API: a detail naming the fields, plus {@code errors: [{"field","message"}]}. */
final class InvalidInput {

    private InvalidInput() {}

    static HttpException of(Request request, String detail, List<Map<String, String>> errors, Throwable cause) {
        Problem problem =
                Problem.of(400, detail).withInstance(request.rawPath()).with("errors", errors);
        return cause == null ? new HttpException(problem) : new HttpException(problem, cause);
    }

    static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>(4);
        error.put("field", field);
        error.put("message", message);
        return error;
    }
}
