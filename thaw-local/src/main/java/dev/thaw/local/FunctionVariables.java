package dev.thaw.local;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function's own environment variables as the command line gives them: {@code --env KEY=VALUE}
 * (repeatable) and {@code --env-file FILE}. A file holds one {@code KEY=VALUE} per line; blank lines and
 * lines starting with {@code #} are skipped, an {@code export } before the name is allowed, and one pair of
 * matching quotes around the value is removed; nothing is expanded. Files are read in the order given, then
 * the {@code --env} values apply, so a later value of the same name wins. Names Lambda refuses are refused
 * ({@link FunctionConfig#refusal(String)}).
 */
final class FunctionVariables {

    private FunctionVariables() {}

    /**
     * Parses one {@code --env} value.
     *
     * @param command the command parsing it, for error messages
     * @return the name and the value (everything after the first {@code =}, as the shell passed it)
     * @throws CliException a usage error when it is not {@code KEY=VALUE} or Lambda refuses the name
     */
    static Map.Entry<String, String> option(String command, String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw CliException.usage(command + ": --env needs KEY=VALUE, got '" + text + "'");
        }
        String name = text.substring(0, eq);
        String refusal = FunctionConfig.refusal(name);
        if (refusal != null) {
            throw CliException.usage(command + ": --env " + text + ": " + refusal);
        }
        return Map.entry(name, text.substring(eq + 1));
    }

    /**
     * Checks one {@code --env-file} value.
     *
     * @return the file name as given
     * @throws CliException a usage error when it is blank
     */
    static String file(String command, String value) {
        if (value.isBlank()) {
            throw CliException.usage(command + ": --env-file needs a file name, got an empty one");
        }
        return value;
    }

    /**
     * Returns the variables of {@code files} (resolved against {@code cwd}, read in order) overlaid with
     * {@code options}, in that order.
     *
     * @throws CliException when a file cannot be read or has a line that is not {@code KEY=VALUE} with a name
     *     Lambda accepts
     */
    static Map<String, String> resolve(String command, Path cwd, List<String> files, Map<String, String> options) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String file : files) {
            variables.putAll(read(command, cwd.resolve(file).normalize()));
        }
        variables.putAll(options);
        return variables;
    }

    /**
     * Reads one env file.
     *
     * @throws CliException naming the file, and the line when one is wrong
     */
    static Map<String, String> read(String command, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.failure(command + ": reading --env-file " + file + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw CliException.failure(command + ": reading --env-file " + file + ": it is not UTF-8 text", e);
        } catch (IOException e) {
            throw CliException.failure(command + ": reading --env-file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = command + ": " + file + " line " + (i + 1) + ": ";
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).stripLeading();
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw CliException.failure(where + "'" + line + "' is not KEY=VALUE (comments start with #)");
            }
            String name = line.substring(0, eq).strip();
            String refusal = FunctionConfig.refusal(name);
            if (refusal != null) {
                throw CliException.failure(where + refusal);
            }
            variables.put(name, unquoted(line.substring(eq + 1)));
        }
        return variables;
    }

    /** Removes one pair of matching single or double quotes around {@code value}. */
    private static String unquoted(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }
}
