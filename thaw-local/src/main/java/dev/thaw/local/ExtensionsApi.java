package dev.thaw.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The part of the Extensions API (2020-01-01) that the shutdown path needs: {@code register} and
 * {@code event/next}, with {@code INVOKE} events for extensions that subscribe to them and a
 * {@code SHUTDOWN} event when the environment goes away. Extensions register during init only; the
 * runtime's first {@code /next} closes registration.
 */
final class ExtensionsApi {

    static final String PREFIX = "/2020-01-01/extension";
    static final String NAME_HEADER = "Lambda-Extension-Name";
    static final String ID_HEADER = "Lambda-Extension-Identifier";
    static final String EVENT_ID_HEADER = "Lambda-Extension-Event-Identifier";

    private enum EventType {
        INVOKE,
        SHUTDOWN
    }

    private static final class Extension {
        final String name;
        final Set<EventType> subscriptions;
        final ArrayDeque<String> events = new ArrayDeque<>();

        Extension(String name, Set<EventType> subscriptions) {
            this.name = name;
            this.subscriptions = subscriptions;
        }
    }

    private final String functionName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition eventQueued = lock.newCondition();
    private final Map<String, Extension> extensions = new LinkedHashMap<>();
    private boolean registrationClosed;
    private boolean closed;

    ExtensionsApi(String functionName) {
        this.functionName = functionName;
    }

    /** Answers {@code POST /2020-01-01/extension/register}; returns whether to keep the connection. */
    boolean register(Http1Connection connection, Http1Connection.Request request) throws IOException {
        Http1Connection.Body body = connection.readBody(request, 64 * 1024);
        String name = request.header(NAME_HEADER);
        if (name == null || name.isBlank()) {
            return RuntimeApiServer.error(
                    connection, request, 403, "Extension.InvalidExtensionName", "Empty extension name");
        }
        Set<EventType> subscriptions = EnumSet.noneOf(EventType.class);
        String json = body.tooLarge() ? "" : new String(body.bytes(), StandardCharsets.UTF_8);
        for (String event : events(json)) {
            try {
                subscriptions.add(EventType.valueOf(event));
            } catch (IllegalArgumentException e) {
                return RuntimeApiServer.error(
                        connection, request, 403, "Extension.InvalidEventType", "Invalid event type: " + event);
            }
        }
        String id = UUID.randomUUID().toString();
        lock.lock();
        try {
            if (registrationClosed) {
                return RuntimeApiServer.error(
                        connection,
                        request,
                        403,
                        "Extension.RegistrationClosed",
                        "Extension registration closed already");
            }
            extensions.put(id, new Extension(name, subscriptions));
        } finally {
            lock.unlock();
        }
        String answer = "{\"functionName\":" + PendingInvocation.quote(functionName)
                + ",\"functionVersion\":\"$LATEST\",\"handler\":\"bootstrap\"}";
        connection.respond(
                200, "application/json", answer.getBytes(StandardCharsets.UTF_8), request.keepAlive(), ID_HEADER, id);
        return request.keepAlive();
    }

    /**
     * Answers {@code GET /2020-01-01/extension/event/next}: waits, without a timeout, for the extension's
     * next event. Returns whether to keep the connection.
     */
    boolean next(Http1Connection connection, Http1Connection.Request request) throws IOException {
        connection.readBody(request, 0);
        String id = request.header(ID_HEADER);
        if (id == null || id.isEmpty()) {
            return RuntimeApiServer.error(
                    connection,
                    request,
                    403,
                    "Extension.MissingExtensionIdentifier",
                    "Missing Lambda-Extension-Identifier header");
        }
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return RuntimeApiServer.error(
                    connection,
                    request,
                    403,
                    "Extension.InvalidExtensionIdentifier",
                    "Invalid Lambda-Extension-Identifier");
        }
        String event;
        lock.lock();
        try {
            Extension extension = extensions.get(id);
            if (extension == null) {
                return RuntimeApiServer.error(
                        connection, request, 403, "Extension.UnknownExtensionIdentifier", "Unknown extension " + id);
            }
            while (extension.events.isEmpty() && !closed) {
                eventQueued.awaitUninterruptibly();
            }
            if (closed && extension.events.isEmpty()) {
                return false;
            }
            event = extension.events.poll();
        } finally {
            lock.unlock();
        }
        connection.respond(
                200,
                "application/json",
                event.getBytes(StandardCharsets.UTF_8),
                request.keepAlive(),
                EVENT_ID_HEADER,
                UUID.randomUUID().toString());
        return request.keepAlive();
    }

    /** Ends registration: the runtime has finished its init. */
    void closeRegistration() {
        lock.lock();
        try {
            registrationClosed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues an {@code INVOKE} event for the extensions that subscribed to it. */
    void invoked(PendingInvocation invocation, String functionArn) {
        String event = "{\"eventType\":\"INVOKE\",\"deadlineMs\":" + invocation.deadlineEpochMillis()
                + ",\"requestId\":" + PendingInvocation.quote(invocation.requestId())
                + ",\"invokedFunctionArn\":" + PendingInvocation.quote(functionArn)
                + ",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":"
                + PendingInvocation.quote(invocation.traceId()) + "}}";
        queue(EventType.INVOKE, event);
    }

    /**
     * Queues the {@code SHUTDOWN} event for the extensions that subscribed to it.
     *
     * @param deadlineEpochMillis when the environment will be killed
     */
    void shutdown(long deadlineEpochMillis) {
        queue(
                EventType.SHUTDOWN,
                "{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":\"spindown\",\"deadlineMs\":" + deadlineEpochMillis
                        + "}");
    }

    /** Returns the names of the registered extensions, in registration order. */
    List<String> names() {
        lock.lock();
        try {
            List<String> names = new ArrayList<>();
            extensions.values().forEach(extension -> names.add(extension.name));
            return names;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting {@code event/next} so its connection closes. */
    void close() {
        lock.lock();
        try {
            closed = true;
            eventQueued.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void queue(EventType type, String event) {
        lock.lock();
        try {
            for (Extension extension : extensions.values()) {
                if (extension.subscriptions.contains(type)) {
                    extension.events.add(event);
                }
            }
            eventQueued.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the strings of the {@code "events"} array of a register body (a tiny, lenient reader). */
    static List<String> events(String json) {
        List<String> events = new ArrayList<>();
        int key = json.indexOf("\"events\"");
        if (key < 0) {
            return events;
        }
        int open = json.indexOf('[', key);
        int close = open < 0 ? -1 : json.indexOf(']', open);
        if (close < 0) {
            return events;
        }
        for (String item : json.substring(open + 1, close).split(",")) {
            String event = item.strip();
            if (event.length() >= 2 && event.startsWith("\"") && event.endsWith("\"")) {
                events.add(event.substring(1, event.length() - 1));
            } else if (!event.isEmpty()) {
                events.add(event);
            }
        }
        return events;
    }
}
