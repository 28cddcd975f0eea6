package dev.thaw.lambda;

import io.avaje.jsonb.Json;
import java.util.List;
import java.util.Map;

/**
 * The answer to a payload format 1.0 event. API Gateway merges {@code headers} into
 * {@code multiValueHeaders}; every value is in the latter, so nothing is lost or repeated.
 */
@Json
record ApiGatewayV1Response(
        int statusCode,
        Map<String, String> headers,
        Map<String, List<String>> multiValueHeaders,
        String body,
        @Json.Property("isBase64Encoded") boolean base64Encoded) {}
