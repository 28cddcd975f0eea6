package dev.thaw.lambda;

import io.avaje.jsonb.Json;
import java.util.List;
import java.util.Map;

/**
 * An Application Load Balancer event: single-value fields, or the {@code multiValue…} ones when the
 * target group has multi-value headers on. Query keys and values arrive still URL-encoded.
 */
@Json
record AlbEvent(
        String path,
        String httpMethod,
        Map<String, String> headers,
        Map<String, List<String>> multiValueHeaders,
        Map<String, String> queryStringParameters,
        Map<String, List<String>> multiValueQueryStringParameters,
        // Read as raw JSON: avaje-jsonb's parser refuses strings over ~32 K characters, and a body may be 6 MB.
        @Json.Raw String body,
        @Json.Property("isBase64Encoded") Boolean base64Encoded) {}
