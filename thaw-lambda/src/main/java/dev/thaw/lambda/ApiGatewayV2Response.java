package dev.thaw.lambda;

import io.avaje.jsonb.Json;
import java.util.List;
import java.util.Map;

/** The answer to a payload format 2.0 event: repeated headers comma-joined, each Set-Cookie in {@code cookies}. */
@Json
record ApiGatewayV2Response(
        int statusCode,
        Map<String, String> headers,
        List<String> cookies,
        String body,
        @Json.Property("isBase64Encoded") boolean base64Encoded) {}
