package dev.thaw;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Prints each line to a stream; the default sink of the logging middleware, a named class because a
 * method reference ({@code System.out::println}) would spin a class at start-up.
 */
final class PrintLines implements Consumer<String> {

    private final PrintStream out;

    PrintLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(String line) {
        out.println(line);
    }
}
