package dev.thaw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A fake of the Lambda Runtime API ({@code 2018-06-01}) and of the Extensions API's registration
 * ({@code 2020-01-01}) on a real socket, for unit tests of runtimes: raw HTTP/1.1 with keep-alive on
 * {@code 127.0.0.1} and an ephemeral port. Tests queue events, run the runtime against
 * {@link #endpoint()}, and read back every answer it posted.
 *
 * <pre>{@code
 * try (FakeRuntimeApi api = FakeRuntimeApi.start()) {
 *     String id = api.enqueue(GoldenEvents.load("apigw-v2-get.json"));
 *     api.failNextPoll(FakeRuntimeApi.Fault.status(500)); // ends the runtime's loop after the event
 *     runtime.run(Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint()));
 *     FakeRuntimeApi.Answer answer = api.awaitAnswer(id, Duration.ofSeconds(5));
 *     assertThat(answer.status()).isEqualTo(202);
 *     assertThat(api.answers(id)).hasSize(1);
 * }
 * }</pre>
 *
 * <p>It validates what Lambda validates: an answer for a request id it never handed out is refused with
 * 400 {@code InvalidRequestID}, a second answer for one id with 403 {@code InvalidStateTransition}, a
 * buffered response over {@value #MAX_RESPONSE_BYTES} bytes with 413 {@code RequestEntityTooLarge} (the
 * invocation then counts as answered, failed), and an init error after the first invocation with 403.
 * An error type that does not match {@code (Runtime|Function)\.[A-Z][a-zA-Z]+} is accepted, as Lambda
 * does, and flagged by {@link Answer#errorTypeValid()}. Every answer is recorded, refused ones too, with
 * the status the fake gave.
 *
 * <p>{@code GET /runtime/invocation/next} waits without a timeout. Events and {@linkplain #failNextPoll
 * faults} are handed to polls in the order they were queued.
 */
public final class FakeRuntimeApi implements AutoCloseable {

    /** Header naming the invocation's request id. */
    public static final String REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";
    /** Header with the invocation's deadline, epoch milliseconds. */
    public static final String DEADLINE_MS = "Lambda-Runtime-Deadline-Ms";
    /** Header with the ARN the function was invoked by. */
    public static final String FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn";
    /** Header with the X-Ray trace header of the invocation. */
    public static final String TRACE_ID = "Lambda-Runtime-Trace-Id";
    /** Header with the mobile client context (JSON), sent only when given to {@link #enqueue(byte[], Map)}. */
    public static final String CLIENT_CONTEXT = "Lambda-Runtime-Client-Context";
    /** Header with the Cognito identity (JSON), sent only when given to {@link #enqueue(byte[], Map)}. */
    public static final String COGNITO_IDENTITY = "Lambda-Runtime-Cognito-Identity";
    /** Header with the tenant id, sent only when given to {@link #enqueue(byte[], Map)}. */
    public static final String TENANT_ID = "Lambda-Runtime-Aws-Tenant-Id";
    /** Header (or streamed trailer) with an error's category. */
    public static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    /** Trailer with a streamed failure's error JSON, base64. */
    public static final String ERROR_BODY = "Lambda-Runtime-Function-Error-Body";
    /** The ARN handed out unless an event names another. */
    public static final String DEFAULT_FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:fake";
    /** The largest buffered response Lambda accepts, in bytes. */
    public static final int MAX_RESPONSE_BYTES = 6_291_556;

    private static final String RUNTIME = "/2018-06-01/runtime";
    private static final String EXTENSION = "/2020-01-01/extension";
    private static final Pattern ERROR_TYPE_FORMAT = Pattern.compile("(Runtime|Function)\\.[A-Z][a-zA-Z]+");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final LoopbackServer server;
    private final String endpoint;
    private final LinkedBlockingDeque<Object> polls = new LinkedBlockingDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object lock = new Object();
    private final Map<String, State> invocations = new LinkedHashMap<>();
    private final List<Answer> answers = new ArrayList<>();
    private final Map<String, String> extensions = new LinkedHashMap<>();
    private boolean initDone;
    private volatile boolean closed;

    private enum State {
        QUEUED,
        RUNNING,
        ANSWERED
    }

    private record Event(String requestId, byte[] body, Map<String, String> headers) {}

    private FakeRuntimeApi() throws IOException {
        this.server = LoopbackServer.start("fake-runtime-api", this::handle);
        this.endpoint = "127.0.0.1:" + server.port();
    }

    /**
     * Starts a fake on {@code 127.0.0.1} and an ephemeral port.
     *
     * @throws UncheckedIOException when no port can be bound
     */
    public static FakeRuntimeApi start() {
        try {
            return new FakeRuntimeApi();
        } catch (IOException e) {
            throw new UncheckedIOException("Start the fake Runtime API on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** Returns {@code 127.0.0.1:port}, the value for {@code AWS_LAMBDA_RUNTIME_API}. */
    public String endpoint() {
        return endpoint;
    }

    /** Returns how many connections have been accepted so far. */
    public int connections() {
        return server.connections();
    }

    /**
     * Queues an event with the default headers: a random request id, a deadline 30 s after it is handed
     * out, {@link #DEFAULT_FUNCTION_ARN} and a fresh trace header.
     *
     * @return the request id it will be handed out with
     */
    public String enqueue(byte[] event) {
        return enqueue(event, Map.of());
    }

    /**
     * Queues an event. {@code headers} replace the defaults of the same name (any case) and add others,
     * such as {@link #CLIENT_CONTEXT} or {@link #TENANT_ID}; a name mapped to {@code null} is not sent at
     * all (no {@link #DEADLINE_MS}, say). A malformed deadline is sent as given.
     *
     * @param event the payload
     * @param headers headers for {@code /next}; {@link #REQUEST_ID} chooses the request id
     * @return the request id it will be handed out with
     * @throws IllegalArgumentException when the request id was queued before
     * @throws IllegalStateException when the fake is closed
     */
    public String enqueue(byte[] event, Map<String, String> headers) {
        Map<String, String> chosen = new LinkedHashMap<>();
        headers.forEach((name, value) -> chosen.put(canonical(name), value));
        String requestId = chosen.containsKey(REQUEST_ID)
                ? chosen.remove(REQUEST_ID)
                : UUID.randomUUID().toString();
        if (requestId == null || requestId.isEmpty()) {
            throw new IllegalArgumentException("Queue an event: " + REQUEST_ID + " must not be empty");
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("Queue event " + requestId + ": the fake Runtime API is closed");
            }
            if (invocations.containsKey(requestId)) {
                throw new IllegalArgumentException("Queue event " + requestId + ": that request id was queued before");
            }
            invocations.put(requestId, State.QUEUED);
        }
        polls.add(new Event(requestId, event.clone(), chosen));
        return requestId;
    }

    /**
     * Queues a fault for a coming {@code GET /runtime/invocation/next}: the poll that would take the next
     * item after everything already queued fails instead. Queue several to fail several polls (one per
     * poll loop, say, to end them all).
     */
    public void failNextPoll(Fault fault) {
        polls.add(fault);
    }

    /**
     * Forgets a handed-out invocation, as Lambda does once it gave up on one: its answer is then refused
     * with 400 {@code InvalidRequestID}.
     */
    public void forget(String requestId) {
        synchronized (lock) {
            invocations.remove(requestId);
        }
    }

    /**
     * Waits for the first answer for {@code requestId}.
     *
     * @throws AssertionError when none arrives within {@code timeout}
     */
    public Answer awaitAnswer(String requestId, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (Answer answer : answers) {
                    if (requestId.equals(answer.requestId())) {
                        return answer;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Await the answer for invocation " + requestId + ": none within "
                            + timeout.toMillis() + " ms (" + answers.size() + " answers to other invocations)");
                }
                awaitChange(left);
            }
        }
    }

    /**
     * Waits for {@code POST /runtime/init/error}.
     *
     * @return the init error, or empty when none arrived within {@code timeout}
     */
    public Optional<Answer> initError(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (Answer answer : answers) {
                    if (answer.kind() == Answer.Kind.INIT_ERROR) {
                        return Optional.of(answer);
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                awaitChange(left);
            }
        }
    }

    /** Returns every answer posted for {@code requestId} so far, refused ones included, in order. */
    public List<Answer> answers(String requestId) {
        List<Answer> found = new ArrayList<>();
        synchronized (lock) {
            for (Answer answer : answers) {
                if (requestId.equals(answer.requestId())) {
                    found.add(answer);
                }
            }
        }
        return List.copyOf(found);
    }

    /** Returns every answer and init error posted so far, in order. */
    public List<Answer> answers() {
        synchronized (lock) {
            return List.copyOf(answers);
        }
    }

    /** Returns the names of the extensions registered so far ({@code Lambda-Extension-Name}), in order. */
    public List<String> registeredExtensions() {
        synchronized (lock) {
            return List.copyOf(extensions.values());
        }
    }

    /**
     * Stops listening and drops every connection: a runtime sees its connection closed, then connection
     * refused. Waiting extensions see their {@code event/next} connection closed.
     */
    public void stop() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        closing.countDown();
        server.close();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "FakeRuntimeApi[" + endpoint + "]";
    }

    private void awaitChange(long nanos) {
        try {
            lock.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the fake Runtime API", e);
        }
    }

    /** Returns the reply, or null to close the connection without one. */
    private RawHttp.Reply handle(RawHttp.Request request) throws IOException, InterruptedException {
        String path = request.path();
        String method = request.method();
        if (path.equals(RUNTIME + "/invocation/next")) {
            return method.equals("GET") ? next() : notAllowed(request);
        }
        if (path.equals(RUNTIME + "/init/error")) {
            return method.equals("POST") ? initError(request) : notAllowed(request);
        }
        if (path.startsWith(RUNTIME + "/invocation/")) {
            String rest = path.substring((RUNTIME + "/invocation/").length());
            int slash = rest.indexOf('/');
            String kind = slash < 0 ? "" : rest.substring(slash + 1);
            if (slash > 0 && (kind.equals("response") || kind.equals("error"))) {
                return method.equals("POST")
                        ? answer(rest.substring(0, slash), kind.equals("error"), request)
                        : notAllowed(request);
            }
        }
        if (path.equals(EXTENSION + "/register")) {
            return method.equals("POST") ? register(request) : notAllowed(request);
        }
        if (path.equals(EXTENSION + "/event/next")) {
            return method.equals("GET") ? extensionNext(request) : notAllowed(request);
        }
        return RawHttp.Reply.error(404, "NotFound", method + " " + path + " is not part of the Runtime API");
    }

    private static RawHttp.Reply notAllowed(RawHttp.Request request) {
        return RawHttp.Reply.error(405, "MethodNotAllowed", request.method() + " is not allowed on " + request.path());
    }

    private RawHttp.Reply next() throws InterruptedException {
        synchronized (lock) {
            // Lambda's init phase ends with the runtime's first poll.
            initDone = true;
        }
        Object item = polls.take();
        long delayNanos = 0;
        while (item instanceof Fault fault && fault.type == Fault.Type.SLOW) {
            delayNanos += fault.delay.toNanos();
            item = polls.take();
        }
        if (item instanceof Fault fault) {
            if (fault.type == Fault.Type.CLOSE_CONNECTION) {
                return null;
            }
            return RawHttp.Reply.error(fault.status, "Fake.InjectedFault", "fault injected by FakeRuntimeApi");
        }
        Event event = (Event) item;
        if (delayNanos > 0) {
            Thread.sleep(Duration.ofNanos(delayNanos));
        }
        synchronized (lock) {
            invocations.computeIfPresent(event.requestId(), (id, state) -> State.RUNNING);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(REQUEST_ID, event.requestId());
        headers.put(DEADLINE_MS, Long.toString(System.currentTimeMillis() + DEFAULT_TIMEOUT.toMillis()));
        headers.put(FUNCTION_ARN, DEFAULT_FUNCTION_ARN);
        headers.put(TRACE_ID, traceHeader());
        headers.putAll(event.headers());
        headers.values().removeIf(value -> value == null);
        return new RawHttp.Reply(200, headers, event.body(), () -> requeue(event));
    }

    /** Puts back an event whose hand-out failed: the next poll gets it. */
    private void requeue(Event event) {
        synchronized (lock) {
            invocations.computeIfPresent(event.requestId(), (id, state) -> State.QUEUED);
        }
        polls.addFirst(event);
    }

    private RawHttp.Reply answer(String requestId, boolean error, RawHttp.Request request) {
        boolean streamed = "streaming".equalsIgnoreCase(request.header("Lambda-Runtime-Function-Response-Mode"));
        RawHttp.Reply reply;
        synchronized (lock) {
            State state = invocations.get(requestId);
            if (state == null || state == State.QUEUED) {
                reply = RawHttp.Reply.error(400, "InvalidRequestID", "Invalid request ID");
            } else if (state == State.ANSWERED) {
                reply = RawHttp.Reply.error(403, "InvalidStateTransition", "State transition is not allowed");
            } else if (!error && !streamed && request.body().length > MAX_RESPONSE_BYTES) {
                invocations.put(requestId, State.ANSWERED);
                reply = RawHttp.Reply.error(
                        413,
                        "RequestEntityTooLarge",
                        "Exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).");
            } else {
                invocations.put(requestId, State.ANSWERED);
                reply = RawHttp.Reply.json(202, "{\"status\":\"OK\"}");
            }
            record(new Answer(
                    error ? Answer.Kind.ERROR : Answer.Kind.RESPONSE,
                    requestId,
                    reply.status(),
                    request.headers(),
                    request.body(),
                    request.trailers(),
                    streamed));
        }
        return reply;
    }

    private RawHttp.Reply initError(RawHttp.Request request) {
        RawHttp.Reply reply;
        synchronized (lock) {
            reply = initDone
                    ? RawHttp.Reply.error(403, "InvalidStateTransition", "State transition is not allowed")
                    : RawHttp.Reply.json(202, "{\"status\":\"OK\"}");
            record(new Answer(
                    Answer.Kind.INIT_ERROR,
                    null,
                    reply.status(),
                    request.headers(),
                    request.body(),
                    request.trailers(),
                    false));
        }
        return reply;
    }

    private RawHttp.Reply register(RawHttp.Request request) {
        String name = request.header("Lambda-Extension-Name");
        if (name == null || name.isEmpty()) {
            return RawHttp.Reply.error(400, "InvalidRequest", "Lambda-Extension-Name is missing");
        }
        String id = UUID.randomUUID().toString();
        synchronized (lock) {
            extensions.put(id, name);
        }
        byte[] body = "{\"functionName\":\"fake\",\"functionVersion\":\"$LATEST\",\"handler\":\"bootstrap\"}"
                .getBytes(StandardCharsets.UTF_8);
        return new RawHttp.Reply(
                200, Map.of("Content-Type", "application/json", "Lambda-Extension-Identifier", id), body, null);
    }

    private RawHttp.Reply extensionNext(RawHttp.Request request) throws InterruptedException {
        String id = request.header("Lambda-Extension-Identifier");
        synchronized (lock) {
            if (id == null || !extensions.containsKey(id)) {
                return RawHttp.Reply.error(403, "Extension.Forbidden", "unknown Lambda-Extension-Identifier");
            }
        }
        // No events are ever sent: the extension waits until the environment (this fake) goes away.
        closing.await();
        return null;
    }

    private void record(Answer answer) {
        answers.add(answer);
        lock.notifyAll();
    }

    private static String traceHeader() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format(
                Locale.ROOT,
                "Root=1-%08x-%08x%08x%08x;Parent=%016x;Sampled=1",
                System.currentTimeMillis() / 1000,
                random.nextInt(),
                random.nextInt(),
                random.nextInt(),
                random.nextLong());
    }

    private static String canonical(String name) {
        for (String known :
                List.of(REQUEST_ID, DEADLINE_MS, FUNCTION_ARN, TRACE_ID, CLIENT_CONTEXT, COGNITO_IDENTITY, TENANT_ID)) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return name;
    }

    /**
     * What a failing {@code GET /runtime/invocation/next} does; queue one with {@link #failNextPoll(Fault)}.
     */
    public static final class Fault {

        private enum Type {
            CLOSE_CONNECTION,
            SLOW,
            STATUS
        }

        private final Type type;
        private final Duration delay;
        private final int status;

        private Fault(Type type, Duration delay, int status) {
            this.type = type;
            this.delay = delay;
            this.status = status;
        }

        /** Closes the connection without answering; the event stays queued for the next poll. */
        public static Fault closeConnection() {
            return new Fault(Type.CLOSE_CONNECTION, Duration.ZERO, 0);
        }

        /** Hands out the next event only {@code delay} after it is available. */
        public static Fault slow(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("Make a slow-poll fault: delay " + delay + " is negative");
            }
            return new Fault(Type.SLOW, delay, 0);
        }

        /**
         * Answers the poll with {@code status} and an error JSON instead of an event; no event is consumed.
         * A runtime gives up on anything but 200, so this ends a poll loop.
         *
         * @param status 400 to 599
         */
        public static Fault status(int status) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException(
                        "Make a status fault: " + status + " is not an error status (400 to 599)");
            }
            return new Fault(Type.STATUS, Duration.ZERO, status);
        }

        @Override
        public String toString() {
            return switch (type) {
                case CLOSE_CONNECTION -> "Fault.closeConnection()";
                case SLOW -> "Fault.slow(" + delay + ")";
                case STATUS -> "Fault.status(" + status + ")";
            };
        }
    }

    /**
     * One answer the runtime posted: a response, an invocation error or an init error, with the status the
     * fake gave it.
     *
     * @param kind what was posted
     * @param requestId the invocation it answers; null for an init error
     * @param status 202 when accepted, else 400, 403 or 413
     * @param headers the request headers, names lower-cased
     * @param body the body as sent (a streamed body with its chunks joined)
     * @param trailers the trailers of a chunked body, names lower-cased
     * @param streamed whether it came with {@code Lambda-Runtime-Function-Response-Mode: streaming}
     */
    public record Answer(
            Kind kind,
            String requestId,
            int status,
            Map<String, String> headers,
            byte[] body,
            Map<String, String> trailers,
            boolean streamed) {

        /** What a runtime posted. */
        public enum Kind {
            /** {@code POST /runtime/invocation/{id}/response} */
            RESPONSE,
            /** {@code POST /runtime/invocation/{id}/error} */
            ERROR,
            /** {@code POST /runtime/init/error} */
            INIT_ERROR
        }

        /** Copies the maps; names are expected in lower case. */
        public Answer {
            headers = Map.copyOf(headers);
            trailers = Map.copyOf(trailers);
        }

        /** Returns the body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Returns request header {@code name} (any case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Returns trailer {@code name} (any case), or null. */
        public String trailer(String name) {
            return trailers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Returns whether the fake accepted it (202). */
        public boolean accepted() {
            return status == 202;
        }

        /**
         * Returns the error category: the {@value FakeRuntimeApi#ERROR_TYPE} header of an error, or that
         * trailer of a response whose stream failed; null when there is none.
         */
        public String errorType() {
            String header = header(ERROR_TYPE);
            return header != null ? header : trailer(ERROR_TYPE);
        }

        /** Returns whether there is an error category and it matches {@code (Runtime|Function)\.[A-Z][a-zA-Z]+}. */
        public boolean errorTypeValid() {
            String type = errorType();
            return type != null && ERROR_TYPE_FORMAT.matcher(type).matches();
        }

        @Override
        public String toString() {
            return "Answer[" + kind + " " + requestId + " -> " + status + (streamed ? ", streamed" : "") + ", "
                    + body.length + " bytes]";
        }
    }
}
