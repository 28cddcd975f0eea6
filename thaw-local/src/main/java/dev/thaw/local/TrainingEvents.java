package dev.thaw.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The events an AOT cache is trained on: a default set every app gets (a root GET, an unknown path, a
 * malformed JSON body, a non-HTTP event) plus the app's own requests from
 * {@code APP_DIR/src/main/thaw/training.txt}, each request as every HTTP event source sends it (HTTP API
 * v2, REST v1, Function URL, ALB single- and multi-value), so the cache holds every codec's classes.
 *
 * <p>{@code training.txt} holds one request per line; blank lines and lines starting with {@code #} are
 * skipped:
 *
 * <pre>
 * METHOD /path[?query] [name:value]... [BODY]
 * GET /users?limit=10
 * POST /users content-type:application/json {"name":"ada","email":"ada@example.com"}
 * PUT /users/7 {@literal @}bodies/user.json
 * OPTIONS /users origin:https://example.com access-control-request-method:POST
 * </pre>
 *
 * Words after the path that contain a {@code :} before any {@code {}, {@code [} or {@code "} are headers
 * (no spaces in them); the rest of the line is the body, or {@code @file} names a file relative to
 * {@code training.txt}. A body without a {@code content-type} header is sent as {@code application/json}.
 */
final class TrainingEvents {

    /** Where an app keeps its own training requests, relative to APP_DIR. */
    static final String FILE = "src/main/thaw/training.txt";

    /** An event no HTTP source sends, such as SQS's, for the runtime's error path. */
    static final String NOT_HTTP = """
            {"Records":[{"messageId":"training","eventSource":"aws:sqs","body":"{}"}]}""";

    private static final List<String> DEFAULTS =
            List.of("GET /", "GET /thaw-training/not-found", "POST / content-type:application/json {\"truncated\": ");

    private TrainingEvents() {}

    /**
     * Returns the training events for the app in {@code appDir}: the defaults and its {@link #FILE}'s
     * requests in every event source's shape, then the non-HTTP event.
     *
     * @throws CliException naming the file and line that cannot be read
     */
    static List<byte[]> of(Path appDir) {
        Path file = appDir.resolve(FILE);
        List<IncomingRequest> requests = new ArrayList<>();
        for (String line : DEFAULTS) {
            requests.add(parse(line, appDir, "default training request"));
        }
        if (Files.isRegularFile(file)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.failure("package: reading the training requests " + file + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    requests.add(parse(line, file.getParent(), file + ":" + (i + 1)));
                }
            }
        }
        List<byte[]> events = new ArrayList<>();
        for (EventFormat format : EventFormat.values()) {
            EventFactory factory = EventFactory.of(format, "us-east-1");
            for (IncomingRequest request : requests) {
                events.add(factory.event(request));
            }
        }
        events.add(NOT_HTTP.getBytes(StandardCharsets.UTF_8));
        return events;
    }

    /**
     * Parses one training line.
     *
     * @param base the directory {@code @file} bodies are relative to
     * @param where the file and line, for error messages
     * @throws CliException when the line is not {@code METHOD /path ...} or its body file cannot be read
     */
    static IncomingRequest parse(String line, Path base, String where) {
        String[] head = line.split("\\s+", 3);
        if (head.length < 2 || !head[0].matches("[A-Za-z]+") || !head[1].startsWith("/")) {
            throw CliException.failure("package: reading the training request at " + where + ": '" + line
                    + "' is not 'METHOD /path [name:value]... [BODY]'");
        }
        String target = head[1];
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? null : target.substring(question + 1);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String rest = head.length > 2 ? head[2] : "";
        while (!rest.isEmpty()) {
            int space = rest.indexOf(' ');
            String word = space < 0 ? rest : rest.substring(0, space);
            int colon = word.indexOf(':');
            if (colon <= 0 || word.startsWith("@") || startsBody(word.substring(0, colon))) {
                break;
            }
            headers.add(Map.entry(word.substring(0, colon), word.substring(colon + 1)));
            rest = space < 0 ? "" : rest.substring(space + 1).strip();
        }
        byte[] body = body(rest, base, where);
        boolean typed = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("content-type"));
        if (body.length > 0 && !typed) {
            headers.add(Map.entry("content-type", "application/json"));
        }
        headers.add(Map.entry("host", "localhost:3000"));
        headers.add(Map.entry("user-agent", "thaw-aot-training"));
        return new IncomingRequest(
                head[0].toUpperCase(Locale.ROOT), path, query, List.copyOf(headers), body, "127.0.0.1", 3000);
    }

    private static boolean startsBody(String text) {
        return text.indexOf('{') >= 0 || text.indexOf('[') >= 0 || text.indexOf('"') >= 0;
    }

    private static byte[] body(String rest, Path base, String where) {
        if (!rest.startsWith("@")) {
            return rest.getBytes(StandardCharsets.UTF_8);
        }
        Path file = base.resolve(rest.substring(1));
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.failure(
                    "package: reading the body of the training request at " + where + " from " + file + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
