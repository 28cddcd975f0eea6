package dev.thaw.lambda;

import dev.thaw.Json;
import io.avaje.json.JsonException;
import io.avaje.json.JsonReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The few facts that tell event sources apart, read in one streaming pass that skips everything else:
 * ALB events have {@code requestContext.elb}, HTTP API and Function URL events {@code version} "2.0"
 * (or a {@code rawPath}) with {@code requestContext.http}, REST (and HTTP API payload 1.0) events {@code httpMethod}.
 */
final class EventShape {

    private static final int NAMES_SHOWN = 6;

    private boolean object;
    private String version;
    private boolean httpMethod;
    private boolean rawPath;
    private boolean multiValueHeaders;
    private boolean requestContext;
    private boolean elb;
    private boolean http;
    private String domainName;
    private final List<String> names = new ArrayList<>(NAMES_SHOWN);

    private EventShape() {}

    /**
     * Reads the shape of {@code event}.
     *
     * @throws InvalidEventException when the event is empty or not well-formed JSON
     */
    static EventShape of(byte[] event) {
        if (event == null || event.length == 0) {
            throw InvalidEventException.invalid("Detect the event source: the event is empty");
        }
        EventJson.requireShallow(event, "Detect the event source");
        EventShape shape = new EventShape();
        JsonReader reader = Json.jsonb().reader(event);
        try {
            if (reader.currentToken() != JsonReader.Token.BEGIN_OBJECT) {
                // Not an object: no HTTP source sends that; a raw-event handler may still want it.
                return shape;
            }
            shape.object = true;
            reader.beginObject();
            while (reader.hasNextField()) {
                String name = reader.nextField();
                if (shape.names.size() < NAMES_SHOWN) {
                    shape.names.add(name);
                }
                switch (name) {
                    case "version" -> shape.version = stringOrSkip(reader);
                    case "httpMethod" -> shape.httpMethod = stringOrSkip(reader) != null;
                    case "rawPath" -> shape.rawPath = stringOrSkip(reader) != null;
                    case "multiValueHeaders" -> shape.multiValueHeaders = objectOrSkip(reader);
                    case "requestContext" -> shape.readRequestContext(reader);
                    default -> reader.skipValue();
                }
            }
            reader.endObject();
        } catch (JsonException | IllegalStateException | IndexOutOfBoundsException e) {
            throw EventJson.malformed("Detect the event source", event, e, reader.location());
        } finally {
            reader.close();
        }
        return shape;
    }

    private void readRequestContext(JsonReader reader) {
        if (reader.currentToken() != JsonReader.Token.BEGIN_OBJECT) {
            reader.skipValue();
            return;
        }
        requestContext = true;
        reader.beginObject();
        while (reader.hasNextField()) {
            switch (reader.nextField()) {
                case "elb" -> elb = objectOrSkip(reader);
                case "http" -> http = objectOrSkip(reader);
                case "domainName" -> domainName = stringOrSkip(reader);
                default -> reader.skipValue();
            }
        }
        reader.endObject();
    }

    private static String stringOrSkip(JsonReader reader) {
        if (reader.currentToken() == JsonReader.Token.STRING) {
            return reader.readString();
        }
        reader.skipValue();
        return null;
    }

    private static boolean objectOrSkip(JsonReader reader) {
        boolean isObject = reader.currentToken() == JsonReader.Token.BEGIN_OBJECT;
        reader.skipValue();
        return isObject;
    }

    /** Returns whether this is an Application Load Balancer event. */
    boolean isAlb() {
        return elb;
    }

    /** Returns whether an ALB target group sent it with multi-value headers on. */
    boolean isMultiValue() {
        return multiValueHeaders;
    }

    /** Returns whether this is a payload format 2.0 event (HTTP API or Function URL). */
    boolean isV2() {
        return http && !elb && ("2.0".equals(version) || rawPath);
    }

    /** Returns whether it came through a Lambda Function URL (its domain is {@code *.lambda-url.*}). */
    boolean isFunctionUrl() {
        return domainName != null && domainName.contains(".lambda-url.");
    }

    /** Returns whether this is a payload format 1.0 event (REST API, or HTTP API set to 1.0). */
    boolean isV1() {
        return httpMethod && requestContext && !elb && !isV2();
    }

    /** Returns whether an HTTP API (rather than a REST API) sent this payload format 1.0 event. */
    boolean isHttpApiV1() {
        return "1.0".equals(version);
    }

    /** Describes the event for an error message: its top-level field names, never its values. */
    String summary() {
        if (!object) {
            return "a JSON value that is not an object";
        }
        return names.isEmpty() ? "an empty JSON object" : "a JSON object with fields " + String.join(", ", names);
    }
}
