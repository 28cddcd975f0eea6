package dev.thaw.local;

/** A command that cannot go on; the message is printed as is and the CLI exits with {@link #exitCode()}. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code for wrong arguments (the usage is printed too). */
    static final int USAGE = 2;

    /** Exit code for a failure while carrying out a well-formed command. */
    static final int FAILURE = 1;

    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message, null);
    }

    static CliException failure(String message) {
        return new CliException(FAILURE, message, null);
    }

    static CliException failure(String message, Throwable cause) {
        return new CliException(FAILURE, message, cause);
    }

    int exitCode() {
        return exitCode;
    }

    boolean isUsage() {
        return exitCode == USAGE;
    }
}
