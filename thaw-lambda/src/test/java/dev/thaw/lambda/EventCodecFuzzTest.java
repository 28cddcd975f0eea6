package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.Cookie;
import dev.thaw.Handler;
import dev.thaw.HttpException;
import dev.thaw.Json;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.testkit.GoldenEvents;
import io.avaje.json.JsonException;
import io.avaje.json.JsonReader;
import io.avaje.jsonb.JsonType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the event codecs through the entry the invoke loop uses
 * ({@link HttpInvocation#decode}): whatever the bytes, either a request comes out and its answer encodes
 * to JSON with a status, or the event is refused with {@link InvalidEventException} or {@link HttpException}.
 * Any other exception, or an {@link Error} such as {@link StackOverflowError}, is a finding.
 *
 * <p>The normal build replays the corpus under {@code EventCodecFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes one method (see docs/reliability.md).
 */
class EventCodecFuzzTest {

    private static final App APP = App.builder().handler(new Echo()).build();
    private static final List<byte[]> GOLDEN = golden();
    private static final JsonType<Object> TREE = Json.jsonb().type(Object.class);
    private static final String DEEP = "\u0000deep\u0000";

    /** Arbitrary bytes as the event payload. */
    @FuzzTest
    void anyBytesAreAnsweredOrRefusedAsInvalid(byte[] event) throws IOException {
        check(event);
    }

    /**
     * A golden event of every source with fields replaced, deleted, retyped, lengthened and nested,
     * chosen by the fuzzer: reaches the codecs' field handling much faster than raw bytes do.
     */
    @FuzzTest
    void mutatedGoldenEventsAreAnsweredOrRefusedAsInvalid(FuzzedDataProvider data) throws IOException {
        Object tree = TREE.fromJson(GOLDEN.get(data.consumeInt(0, GOLDEN.size() - 1)));
        int mutations = data.consumeInt(0, 6);
        int depth = 0;
        for (int i = 0; i < mutations; i++) {
            tree = mutate(tree, data);
            if (data.consumeBoolean()) {
                depth = data.consumeInt(1, 20_000);
            }
        }
        String json;
        try {
            json = TREE.toJson(tree);
        } catch (JsonException unwritable) {
            // The fuzzer's string held a lone surrogate, which JSON cannot carry: not an event at all.
            return;
        }
        if (depth > 0) {
            json = json.replace(Json.appendQuoted(new StringBuilder(), DEEP), "[".repeat(depth) + "]".repeat(depth));
        }
        check(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void check(byte[] event) throws IOException {
        Context context = Context.builder().requestId("fuzz").build();
        HttpInvocation http;
        try {
            http = HttpInvocation.decode(event, context);
        } catch (InvalidEventException | HttpException refused) {
            return;
        }
        byte[] answer = http.answer(APP);
        // Field by field, raw: the answer's body may be longer than the tree parser's string limit.
        Integer status = null;
        try (JsonReader reader = Json.jsonb().reader(answer)) {
            reader.beginObject();
            while (reader.hasNextField()) {
                if (reader.nextField().equals("statusCode")) {
                    status = reader.readInt();
                } else {
                    reader.readRaw();
                }
            }
            reader.endObject();
        }
        assertThat(status)
                .as("statusCode of %s", new String(answer, 0, Math.min(200, answer.length)))
                .isNotNull();
    }

    /** Applies one mutation at a path the fuzzer walks to; returns the (possibly replaced) root. */
    @SuppressWarnings("unchecked")
    private static Object mutate(Object node, FuzzedDataProvider data) {
        if (node instanceof Map<?, ?> map && !map.isEmpty() && data.consumeBoolean()) {
            Map<String, Object> object = new LinkedHashMap<>((Map<String, Object>) map);
            List<String> keys = new ArrayList<>(object.keySet());
            String key = keys.get(data.consumeInt(0, keys.size() - 1));
            switch (data.consumeInt(0, 3)) {
                case 0 -> object.remove(key);
                case 1 -> object.put(data.consumeString(20), value(data));
                default -> object.put(key, mutate(object.get(key), data));
            }
            return object;
        }
        if (node instanceof List<?> list && !list.isEmpty() && data.consumeBoolean()) {
            List<Object> array = new ArrayList<>(list);
            int index = data.consumeInt(0, array.size() - 1);
            if (data.consumeBoolean()) {
                array.remove(index);
            } else {
                array.set(index, mutate(array.get(index), data));
            }
            return array;
        }
        if (node instanceof String text && data.consumeBoolean()) {
            return mutateText(text, data);
        }
        return value(data);
    }

    private static String mutateText(String text, FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0:
                return text.substring(0, data.consumeInt(0, text.length()));
            case 1:
                int at = data.consumeInt(0, text.length());
                return text.substring(0, at) + data.consumeString(40) + text.substring(at);
            case 2:
                return text.repeat(Math.min(
                        data.consumeInt(2, 200), Math.max(2, 200_000 / Math.max(1, text.length()))));
            default:
                return data.consumeString(200);
        }
    }

    /** A fresh value of a type the fuzzer picks. */
    private static Object value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 8)) {
            case 0 -> null;
            case 1 -> data.consumeBoolean();
            case 2 -> data.consumeLong();
            case 3 -> data.consumeRegularDouble();
            case 4 -> List.of(data.consumeString(40), data.consumeString(40));
            case 5 -> Map.of(data.consumeString(20), data.consumeString(40));
            case 6 -> "x".repeat(data.consumeInt(0, 100_000));
            case 7 -> DEEP;
            default -> data.consumeString(200);
        };
    }

    /** Reads every part of the request and answers with it, as text or as bytes by the body's size. */
    private static final class Echo implements Handler {
        @Override
        public Response handle(Request request) {
            String text = request.method() + " " + request.rawPath() + " " + request.path() + " "
                    + request.query().asMap() + " " + request.headers().asMap() + " " + request.cookies() + " "
                    + request.sourceIp() + " " + request.body().length;
            return Response.status(200)
                    .cookie(Cookie.of("seen", "1").path("/"))
                    .bytes(
                            (text + request.bodyText()).getBytes(StandardCharsets.UTF_8),
                            request.body().length % 2 == 0 ? "text/plain" : "application/octet-stream");
        }
    }

    private static List<byte[]> golden() {
        List<byte[]> events = new ArrayList<>();
        for (String name : GoldenEvents.httpEvents()) {
            events.add(GoldenEvents.load(name));
        }
        for (String name : GoldenEvents.nonHttpEvents()) {
            events.add(GoldenEvents.load(name));
        }
        return List.copyOf(events);
    }
}
