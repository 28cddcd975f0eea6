package dev.thaw.lambda;

import io.avaje.jsonb.Json;
import java.util.List;
import java.util.Map;

/** A payload format 1.0 event (REST API, or HTTP API set to 1.0): the fields thaw reads. */
@Json
record ApiGatewayV1Event(
        String version,
        String path,
        String httpMethod,
        Map<String, String> headers,
        Map<String, List<String>> multiValueHeaders,
        Map<String, String> queryStringParameters,
        Map<String, List<String>> multiValueQueryStringParameters,
        RequestContext requestContext,
        // Read as raw JSON: avaje-jsonb's parser refuses strings over ~32 K characters, and a body may be 6 MB.
        @Json.Raw String body,
        @Json.Property("isBase64Encoded") Boolean base64Encoded) {

    /** The part of {@code requestContext} thaw reads. */
    @Json
    record RequestContext(Identity identity) {}

    /** The caller as API Gateway saw it. */
    @Json
    record Identity(String sourceIp) {}
}
