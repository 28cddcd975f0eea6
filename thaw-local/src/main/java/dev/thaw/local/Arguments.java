package dev.thaw.local;

import java.util.List;

/**
 * Walks one command's arguments: options as {@code --name value} or {@code --name=value}, flags, and
 * positional arguments. Errors are usage errors that name the command and the option.
 */
final class Arguments {

    private final String command;
    private final List<String> args;
    private int index = -1;
    private String inline;

    /**
     * @param command the command the arguments belong to, used in error messages
     * @param args the arguments, the command name itself excluded
     */
    Arguments(String command, List<String> args) {
        this.command = command;
        this.args = args;
    }

    boolean hasNext() {
        return index + 1 < args.size();
    }

    /**
     * Moves to the next argument and returns its name: {@code --port} for both {@code --port 3000} and
     * {@code --port=3000}; any other argument as is.
     */
    String next() {
        String arg = args.get(++index);
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
            inline = arg.substring(eq + 1);
            return arg.substring(0, eq);
        }
        inline = null;
        return arg;
    }

    /** Returns the current argument as given. */
    String current() {
        return args.get(index);
    }

    /** Returns whether the current argument looks like an option rather than a positional argument. */
    boolean isOption() {
        String arg = current();
        return arg.startsWith("-") && !arg.equals("-");
    }

    /**
     * Returns the current option's value: the part after {@code =}, else the next argument (consumed).
     *
     * @throws CliException when the option is the last argument
     */
    String value() {
        if (inline != null) {
            return inline;
        }
        String name = current();
        if (index + 1 >= args.size()) {
            throw CliException.usage(command + ": " + name + " needs a value");
        }
        return args.get(++index);
    }

    /**
     * Returns the current option's value as a whole number from {@code min} to {@code max}.
     *
     * @param unit appended to the bounds in the error message, such as {@code " MB"}; empty for none
     * @throws CliException naming the option, the range and what was given
     */
    int intValue(int min, int max, String unit) {
        String name = optionName();
        String value = value();
        String range = name + " needs a number from " + min + " to " + max + unit + ", got ";
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw CliException.usage(command + ": " + range + "'" + value + "'");
        }
        if (number < min || number > max) {
            throw CliException.usage(command + ": " + range + number);
        }
        return number;
    }

    /**
     * Takes the current argument as the command's one positional {@code APP_DIR}.
     *
     * @param already the APP_DIR taken before, or null
     * @param why what the command does with one app, for the error ({@code "package writes one app"})
     * @return the current argument
     * @throws CliException when it is an unknown option or a second APP_DIR
     */
    String appDir(String already, String why) {
        if (isOption()) {
            throw unknownOption();
        }
        if (already != null) {
            throw CliException.usage(command + ": unexpected argument '" + current() + "': APP_DIR is already '"
                    + already + "' (" + why + ")");
        }
        return current();
    }

    /** Returns a usage error for the current argument, which the command does not know. */
    CliException unknownOption() {
        return CliException.usage(command + ": unknown option " + current());
    }

    private String optionName() {
        String arg = current();
        int eq = arg.indexOf('=');
        return inline != null && eq > 0 ? arg.substring(0, eq) : arg;
    }
}
