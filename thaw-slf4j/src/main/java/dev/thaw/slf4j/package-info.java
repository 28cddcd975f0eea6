/**
 * Optional SLF4J 2 provider: with thaw-slf4j on the classpath, libraries that log through SLF4J write
 * thaw's log lines, in the format and at the level the Lambda variables choose, with the invocation's
 * request id, trace id and cold-start flag, and MDC entries as extra fields.
 *
 * <pre>{@code
 * Logger log = LoggerFactory.getLogger(Orders.class);
 * MDC.put("tenant", "acme");
 * log.info("order {} placed", 42);
 * // {"timestamp":"…","level":"INFO","message":"order 42 placed","logger":"app.Orders","requestId":"…","tenant":"acme"}
 * }</pre>
 */
package dev.thaw.slf4j;
