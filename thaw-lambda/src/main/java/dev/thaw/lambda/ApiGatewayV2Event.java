package dev.thaw.lambda;

import io.avaje.jsonb.Json;
import java.util.List;
import java.util.Map;

/** An HTTP API (payload format 2.0) or Function URL event: the fields thaw reads. */
@Json
record ApiGatewayV2Event(
        String version,
        String rawPath,
        String rawQueryString,
        List<String> cookies,
        Map<String, String> headers,
        RequestContext requestContext,
        // Read as raw JSON: avaje-jsonb's parser refuses strings over ~32 K characters, and a body may be 6 MB.
        @Json.Raw String body,
        @Json.Property("isBase64Encoded") Boolean base64Encoded) {

    /**
     * The part of {@code requestContext} thaw reads. {@code elb} is only looked at (as raw JSON, whatever it
     * holds): an event with {@code requestContext.elb} is an ALB's, never payload 2.0.
     */
    @Json
    record RequestContext(
            String domainName, Http http, @Json.Raw String elb) {}

    /** The request line and caller as API Gateway or the Function URL saw them. */
    @Json
    record Http(String method, String path, String sourceIp) {}
}
