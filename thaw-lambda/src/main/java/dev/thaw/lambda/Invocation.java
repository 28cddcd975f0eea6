package dev.thaw.lambda;

/**
 * One invocation as {@code GET /runtime/invocation/next} hands it out: the event bytes and the
 * per-invocation headers.
 *
 * @param requestId {@code Lambda-Runtime-Aws-Request-Id}
 * @param deadlineMillis {@code Lambda-Runtime-Deadline-Ms} as epoch ms; {@code Long.MAX_VALUE} when the
 *     header is missing or malformed (no deadline, never "expired")
 * @param functionArn {@code Lambda-Runtime-Invoked-Function-Arn}, or null
 * @param traceId {@code Lambda-Runtime-Trace-Id}, or null
 * @param clientContext {@code Lambda-Runtime-Client-Context} (JSON), or null
 * @param cognitoIdentity {@code Lambda-Runtime-Cognito-Identity} (JSON), or null
 * @param tenantId {@code Lambda-Runtime-Aws-Tenant-Id}, or null
 * @param event the event payload
 */
public record Invocation(
        String requestId,
        long deadlineMillis,
        String functionArn,
        String traceId,
        String clientContext,
        String cognitoIdentity,
        String tenantId,
        byte[] event) {}
