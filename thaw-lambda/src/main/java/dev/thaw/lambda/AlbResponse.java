package dev.thaw.lambda;

import io.avaje.jsonb.Json;
import java.util.List;
import java.util.Map;

/** The answer to an ALB event: {@code headers} or {@code multiValueHeaders}, as the request came. */
@Json
record AlbResponse(
        int statusCode,
        String statusDescription,
        Map<String, String> headers,
        Map<String, List<String>> multiValueHeaders,
        String body,
        @Json.Property("isBase64Encoded") boolean base64Encoded) {}
