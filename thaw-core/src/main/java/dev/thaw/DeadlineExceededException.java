package dev.thaw;

/**
 * The invocation's deadline has passed or is too close to do the work asked for; answered as 504. Thrown
 * by {@link DeadlineGuard} and by outbound clients that fail fast instead of overrunning the deadline.
 */
public final class DeadlineExceededException extends HttpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param detail what could not finish in time, for example {@code "GET https://api/x: 12 ms left"}
     */
    public DeadlineExceededException(String detail) {
        super(Problem.of(504, detail));
    }
}
