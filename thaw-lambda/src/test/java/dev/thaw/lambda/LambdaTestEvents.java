package dev.thaw.lambda;

import dev.thaw.Context;
import dev.thaw.Request;
import dev.thaw.testkit.GoldenEvents;
import java.nio.charset.StandardCharsets;

/**
 * What thaw-lambda's tests share beyond the testkit's golden events: a runtime-like context with fixed
 * values, the bytes the golden base64 bodies hold, and small HTTP API events built in code for tests that
 * only care about the path.
 */
final class LambdaTestEvents {

    static final long DEADLINE = 1_716_560_000_000L;

    /** The body of the golden {@code *-post-base64} events with {@code image/jpeg}. */
    static final byte[] JPEG = {
        (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1, (byte) 0x80, (byte) 0xfe
    };

    /** The body of the golden {@code *-post-base64} events with {@code application/gzip}. */
    static final byte[] GZIP = {
        0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte) 0xcb, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 7, 0
    };

    private LambdaTestEvents() {}

    /** Returns a runtime-like context: a fixed request id, deadline (2.5 s away), trace header and ARN. */
    static Context runtimeContext() {
        return Context.builder()
                .requestId("8f2c1a9e-1111-4b2c-9d3e-5f6a7b8c9d0e")
                .deadlineMillis(DEADLINE)
                .traceHeader("Root=1-6650a1f2-4c8e2b7d9a0f13e5b6c7d8e9;Sampled=1")
                .functionArn("arn:aws:lambda:eu-west-1:210987654321:function:users-api")
                .clock(() -> DEADLINE - 2_500)
                .build();
    }

    /** Decodes golden event {@code name} with the codec its shape picks, without a runtime context. */
    static Request decode(String name) {
        byte[] event = GoldenEvents.load(name);
        return EventCodecs.forEvent(event).orElseThrow().decode(event, null);
    }

    /** Returns an HTTP API (payload 2.0) GET of {@code path}. */
    static byte[] v2(String path) {
        return v2(path, "api.example.com");
    }

    /** Returns a payload 2.0 GET of {@code path} for {@code domain}; a {@code *.lambda-url.*} domain makes it a Function URL event. */
    static byte[] v2(String path, String domain) {
        return ("{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"" + path
                        + "\",\"rawQueryString\":\"\",\"headers\":{\"accept\":\"*/*\"},\"requestContext\":{"
                        + "\"domainName\":\"" + domain + "\","
                        + "\"http\":{\"method\":\"GET\",\"path\":\"" + path + "\",\"sourceIp\":\"203.0.113.9\"},"
                        + "\"requestId\":\"r\",\"stage\":\"$default\"},\"isBase64Encoded\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
