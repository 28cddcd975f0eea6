package dev.thaw;

/**
 * A failure with an HTTP status, answered as an {@code application/problem+json} body. Throw it from a
 * handler to stop with a 4xx or 5xx; no stack trace is logged or sent for it.
 *
 * <pre>{@code
 * User user = store.find(id).orElseThrow(() -> HttpException.notFound("No user with id " + id));
 * }</pre>
 */
public class HttpException extends ThawException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    /**
     * Creates an exception answered with {@code problem}.
     *
     * @param problem the problem body, whose status is the response status
     */
    public HttpException(Problem problem) {
        super(problem.status() + " " + problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
    }

    /**
     * Creates an exception answered with {@code problem}, keeping the cause for logs (never for clients).
     *
     * @param problem the problem body
     * @param cause the underlying failure
     */
    public HttpException(Problem problem, Throwable cause) {
        super(
                problem.status() + " " + problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()),
                cause);
        this.problem = problem;
    }

    /** Returns a 400 Bad Request with {@code detail}. */
    public static HttpException badRequest(String detail) {
        return new HttpException(Problem.of(400, detail));
    }

    /** Returns a 404 Not Found with {@code detail}. */
    public static HttpException notFound(String detail) {
        return new HttpException(Problem.of(404, detail));
    }

    /** Returns an exception with any status and {@code detail}. */
    public static HttpException of(int status, String detail) {
        return new HttpException(Problem.of(status, detail));
    }

    /** Returns the problem sent to the client. */
    public Problem problem() {
        return problem;
    }

    /** Returns the HTTP status. */
    public int status() {
        return problem.status();
    }

    /** Returns the problem as a response. */
    public Response toResponse() {
        return problem.toResponse();
    }
}
