package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Request;
import dev.thaw.testkit.GoldenEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HttpInvocation.decode reads a payload 2.0 event once, while events keep that shape, instead of reading
 * its shape and then decoding it: whatever it is given, and whichever shape came before, it must answer
 * exactly as the two passes do (the same codec, request or error).
 */
class HttpInvocationDecodeTest {

    private static final String V2 = "{\"version\":\"2.0\",\"rawPath\":\"/p\",\"headers\":{\"a\":\"b\"},"
            + "\"requestContext\":{\"domainName\":\"api.example.com\",\"http\":{\"method\":\"GET\",\"path\":\"/p\"}}}";

    static List<String> events() {
        List<String> events = new ArrayList<>();
        for (String name : GoldenEvents.httpEvents()) {
            events.add(GoldenEvents.text(name));
        }
        for (String name : GoldenEvents.nonHttpEvents()) {
            events.add(GoldenEvents.text(name));
        }
        events.add(V2);
        // shapes at the edges of the rules
        events.add(V2.replace("\"version\":\"2.0\",", "")); // no version: the rawPath decides
        events.add(V2.replace("\"rawPath\":\"/p\",", "")); // no rawPath: the version decides
        events.add(V2.replace("\"version\":\"2.0\",", "").replace("\"rawPath\":\"/p\",", "")); // neither
        events.add(V2.replace("\"2.0\"", "\"1.0\""));
        events.add(V2.replace("\"2.0\"", "2.0")); // a number, not a string
        events.add(V2.replace("\"rawPath\":\"/p\"", "\"rawPath\":7"));
        events.add(
                V2.replace("\"domainName\":\"api.example.com\"", "\"domainName\":\"abc.lambda-url.eu-west-1.on.aws\""));
        events.add(V2.replace("\"domainName\":\"api.example.com\"", "\"domainName\":5"));
        events.add(V2.replace("\"requestContext\":{", "\"requestContext\":{\"elb\":{\"targetGroupArn\":\"arn\"},"));
        events.add(V2.replace("\"requestContext\":{", "\"requestContext\":{\"elb\":\"not an object\","));
        events.add(V2.replace("\"requestContext\":{", "\"requestContext\":{\"elb\":null,"));
        events.add(V2.replace("\"requestContext\":{", "\"requestContext\":{\"elb\": \n {},"));
        events.add(V2.replace("\"http\":{\"method\":\"GET\",\"path\":\"/p\"}", "\"http\":null"));
        events.add(V2.replace("\"http\":{\"method\":\"GET\",\"path\":\"/p\"}", "\"http\":\"GET\""));
        events.add(V2.replace("\"method\":\"GET\"", "\"method\":\"\""));
        events.add(V2.replace("\"headers\":{\"a\":\"b\"}", "\"headers\":{\"a\":1}"));
        events.add(V2.replace("\"headers\":{\"a\":\"b\"}", "\"headers\":[]"));
        events.add(V2.replace("\"headers\":{\"a\":\"b\"},", "\"httpMethod\":\"POST\",\"headers\":{\"a\":\"b\"},"));
        events.add(V2.replace("\"rawPath\":\"/p\"", "\"rawPath\":\"/%zz\""));
        events.add("{\"version\":\"2.0\",\"rawPath\":\"/p\",\"requestContext\":null}");
        events.add("{\"version\":\"2.0\",\"rawPath\":\"/p\",\"requestContext\":[]}");
        events.add("{\"httpMethod\":\"GET\",\"path\":\"/p\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}");
        events.add("{\"httpMethod\":\"GET\",\"path\":\"/p\",\"requestContext\":{\"elb\":{}}}");
        events.add(V2.substring(0, 40)); // cut short
        events.add("[" + V2 + "]");
        events.add("null");
        events.add("\"text\"");
        events.add("{}");
        events.add("");
        events.add("[".repeat(200) + "]".repeat(200));
        events.add("{\"version\":\"2.0\",\"rawPath\":\"/p\",\"requestContext\":{\"http\":{\"method\":\"GET\"}},\"x\":"
                + "[".repeat(200) + "]".repeat(200) + "}");
        return events;
    }

    @ParameterizedTest
    @MethodSource("events")
    void decidesAsTheShapeThenTheCodecWhateverCameBefore(String text) {
        byte[] event = text.getBytes(StandardCharsets.UTF_8);
        String expected = twoPasses(event);

        for (String before : List.of(V2, GoldenEvents.text("alb-single-post-empty.json"), "{}")) {
            decoded(before.getBytes(StandardCharsets.UTF_8)); // sets what the next event is expected to be
            assertThat(decoded(event)).as("after %s", before).isEqualTo(expected);
            assertThat(decoded(event)).as("twice").isEqualTo(expected);
        }
    }

    /** The codec EventCodecs picks and its decoding, or the error either throws. */
    private static String twoPasses(byte[] event) {
        try {
            Optional<EventCodec> codec = EventCodecs.forEvent(event);
            if (codec.isEmpty()) {
                return failure(EventCodecs.unsupported(event));
            }
            return describe(codec.get().toString(), codec.get().decode(event, LambdaTestEvents.runtimeContext()));
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    private static String decoded(byte[] event) {
        try {
            HttpInvocation invocation = HttpInvocation.decode(event, LambdaTestEvents.runtimeContext());
            return describe(invocation.codecName(), invocation.request());
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    private static String describe(String codec, Request r) {
        return codec + " " + r.method() + " " + r.rawPath() + " ?" + r.query().raw() + " " + r.headers() + " "
                + new String(r.body(), StandardCharsets.UTF_8) + " "
                + r.context().source() + " " + r.sourceIp();
    }

    private static String failure(RuntimeException e) {
        return e.getClass().getName() + ": " + e.getMessage();
    }
}
