package dev.thaw.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A tiny function for emulator tests: a Runtime API loop over plain sockets, compiled in the test and
 * started by a {@code bootstrap} script. The event is a command: {@code echo …} (the default), {@code pid},
 * {@code sleep N}, {@code exit N}, {@code print}, {@code error}, {@code env}, {@code headers},
 * {@code stream}, {@code twice} (answers twice). An HTTP API event's {@code rawPath} is read as the command,
 * {@code /exit/3} as {@code exit 3}. Environment variables steer init: {@code FAKE_INIT=fail} posts {@code init/error},
 * {@code FAKE_INIT=exit} exits with 2, {@code FAKE_INIT_SLEEP=N} sleeps first, {@code FAKE_EXTENSION=1}
 * registers an extension for SHUTDOWN and prints what it receives and when SIGTERM arrives.
 */
final class FakeFunction {

    private FakeFunction() {}

    static final String SOURCE = """
            import java.io.*;
            import java.net.*;
            import java.nio.charset.StandardCharsets;
            import java.util.*;

            public class FakeRuntime {
                static String host;
                static int port;

                record Reply(int status, Map<String, String> headers, byte[] body) {
                    String text() { return new String(body, StandardCharsets.UTF_8); }
                }

                public static void main(String[] args) throws Exception {
                    String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
                    host = api.substring(0, api.lastIndexOf(':'));
                    port = Integer.parseInt(api.substring(api.lastIndexOf(':') + 1));
                    System.out.println("init " + System.getenv("AWS_LAMBDA_FUNCTION_NAME"));
                    String sleep = System.getenv("FAKE_INIT_SLEEP");
                    if (sleep != null) Thread.sleep(Long.parseLong(sleep));
                    String init = System.getenv().getOrDefault("FAKE_INIT", "");
                    if (init.equals("fail")) {
                        Reply r = send("POST", "/2018-06-01/runtime/init/error",
                                "{\\"errorMessage\\":\\"no config\\",\\"errorType\\":\\"Runtime.ConfigInvalid\\"}".getBytes(),
                                "Lambda-Runtime-Function-Error-Type", "Runtime.ConfigInvalid");
                        System.err.println("init error posted: " + r.status());
                        System.exit(1);
                    }
                    if (init.equals("exit")) System.exit(2);
                    if (System.getenv("FAKE_EXTENSION") != null) extension();
                    while (true) {
                        Reply next = send("GET", "/2018-06-01/runtime/invocation/next", null);
                        String id = next.headers().get("lambda-runtime-aws-request-id");
                        handle(id, next.text().trim(), next.headers());
                    }
                }

                static void handle(String id, String event, Map<String, String> headers) throws Exception {
                    int at = event.indexOf("\\\"rawPath\\\"");
                    if (event.startsWith("{") && at >= 0) {
                        // an HTTP event from the front door: the path is the command, "/exit/3" is "exit 3"
                        int start = event.indexOf('"', event.indexOf(':', at) + 1) + 2;
                        event = event.substring(start, event.indexOf('"', start)).replace('/', ' ');
                    }
                    String[] words = event.split(" ", 2);
                    switch (words[0]) {
                        case "pid" -> respond(id, Long.toString(ProcessHandle.current().pid()));
                        case "sleep" -> { Thread.sleep(Long.parseLong(words[1])); respond(id, "slept " + ProcessHandle.current().pid()); }
                        case "exit" -> { System.out.println("exiting with " + words[1]); System.exit(Integer.parseInt(words[1])); }
                        case "print" -> {
                            System.out.println("to stdout " + id);
                            System.err.println("to stderr " + id);
                            respond(id, "printed");
                        }
                        case "error" -> send("POST", "/2018-06-01/runtime/invocation/" + id + "/error",
                                "{\\"errorMessage\\":\\"bad\\",\\"errorType\\":\\"BadThing\\"}".getBytes(),
                                "Lambda-Runtime-Function-Error-Type", "Function.BadThing");
                        case "env" -> {
                            StringBuilder all = new StringBuilder();
                            new TreeMap<>(System.getenv()).forEach((k, v) -> all.append(k).append('=').append(v).append('\\n'));
                            respond(id, all.toString());
                        }
                        case "headers" -> respond(id, headers.toString());
                        case "twice" -> { respond(id, "1"); respond(id, "2"); }
                        case "stream" -> stream(id);
                        default -> respond(id, event);
                    }
                }

                static void respond(String id, String body) throws IOException {
                    Reply r = send("POST", "/2018-06-01/runtime/invocation/" + id + "/response",
                            body.getBytes(StandardCharsets.UTF_8));
                    if (r.status() != 202) System.err.println("response refused: " + r.status() + " " + r.text());
                }

                static void stream(String id) throws Exception {
                    try (Socket s = new Socket(host, port)) {
                        s.setTcpNoDelay(true);
                        OutputStream out = s.getOutputStream();
                        out.write(("POST /2018-06-01/runtime/invocation/" + id + "/response HTTP/1.1\\r\\nHost: x\\r\\n"
                                + "Lambda-Runtime-Function-Response-Mode: streaming\\r\\n"
                                + "Content-Type: application/vnd.awslambda.http-integration-response\\r\\n"
                                + "Transfer-Encoding: chunked\\r\\nTrailer: Lambda-Runtime-Function-Error-Type\\r\\n"
                                + "Connection: close\\r\\n\\r\\n").getBytes(StandardCharsets.ISO_8859_1));
                        for (String piece : new String[] {"{\\"statusCode\\":200}\\0\\0\\0\\0\\0\\0\\0\\0", "hello ", "world"}) {
                            byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
                            out.write((Integer.toHexString(bytes.length) + "\\r\\n").getBytes(StandardCharsets.ISO_8859_1));
                            out.write(bytes);
                            out.write("\\r\\n".getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                            Thread.sleep(20);
                        }
                        out.write("0\\r\\n\\r\\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        read(new BufferedInputStream(s.getInputStream()));
                    }
                }

                static void extension() throws IOException {
                    Reply registered = send("POST", "/2020-01-01/extension/register",
                            "{\\"events\\":[\\"SHUTDOWN\\"]}".getBytes(), "Lambda-Extension-Name", "fake-extension");
                    String id = registered.headers().get("lambda-extension-identifier");
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("sigterm received")));
                    Thread t = new Thread(() -> {
                        try {
                            Reply event = send("GET", "/2020-01-01/extension/event/next", null, "Lambda-Extension-Identifier", id);
                            System.out.println("extension event: " + event.text());
                        } catch (IOException e) {
                            System.out.println("extension gone: " + e);
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                }

                static Reply send(String method, String path, byte[] body, String... headers) throws IOException {
                    try (Socket s = new Socket(host, port)) {
                        s.setTcpNoDelay(true);
                        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n");
                        for (int i = 0; i < headers.length; i += 2) head.append(headers[i]).append(": ").append(headers[i + 1]).append("\\r\\n");
                        if (body != null) head.append("Content-Length: ").append(body.length).append("\\r\\n");
                        head.append("\\r\\n");
                        ByteArrayOutputStream request = new ByteArrayOutputStream();
                        request.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                        if (body != null) request.write(body);
                        s.getOutputStream().write(request.toByteArray());
                        s.getOutputStream().flush();
                        return read(new BufferedInputStream(s.getInputStream()));
                    }
                }

                static Reply read(InputStream in) throws IOException {
                    String status = line(in);
                    Map<String, String> headers = new HashMap<>();
                    for (String h = line(in); !h.isEmpty(); h = line(in)) {
                        int colon = h.indexOf(':');
                        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                    }
                    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                    return new Reply(Integer.parseInt(status.split(" ")[1]), headers, in.readNBytes(length));
                }

                static String line(InputStream in) throws IOException {
                    StringBuilder line = new StringBuilder();
                    for (int b = in.read(); b != '\\n'; b = in.read()) {
                        if (b < 0) throw new EOFException("closed");
                        if (b != '\\r') line.append((char) b);
                    }
                    return line.toString();
                }
            }
            """;

    /**
     * Compiles the fake runtime under {@code work} and writes {@code work/function/bootstrap} that starts it
     * with the JVM of {@code JAVA_HOME}.
     *
     * @param exec whether bootstrap {@code exec}s the JVM (as {@code thaw package}'s does) or leaves it as a
     *     child of sh
     * @return the function directory
     */
    static Path install(Path work, boolean exec) throws IOException {
        Path classes = work.resolve("classes");
        if (!Files.isRegularFile(classes.resolve("FakeRuntime.class"))) {
            classes = Jars.compile(work, Map.of("FakeRuntime.java", SOURCE));
        }
        Path function = Files.createDirectories(work.resolve(exec ? "function" : "function-no-exec"));
        Files.writeString(
                function.resolve("bootstrap"),
                "#!/bin/sh\n" + (exec ? "exec " : "")
                        + "\"$JAVA_HOME/bin/java\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '"
                        + classes + "' FakeRuntime\n");
        return function;
    }
}
