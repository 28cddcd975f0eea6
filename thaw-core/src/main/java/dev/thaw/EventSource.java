package dev.thaw;

/** Where a request came from; each source has its own exact event mapping. */
public enum EventSource {
    /** The local HTTP server. */
    LOCAL,
    /** API Gateway REST API, payload format 1.0. */
    API_GATEWAY_REST,
    /** API Gateway HTTP API, payload format 2.0. */
    API_GATEWAY_HTTP,
    /** Lambda Function URL (payload format 2.0 shape). */
    FUNCTION_URL,
    /** Application Load Balancer target group. */
    ALB,
    /** Built in memory: tests, priming, direct invocation. */
    DIRECT
}
