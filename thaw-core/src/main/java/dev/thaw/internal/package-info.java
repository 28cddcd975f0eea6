/**
 * thaw's implementation shared across its modules; not API, may change in any release. Holds the log
 * writer ({@link dev.thaw.internal.Log}), the current invocation's log fields ({@link
 * dev.thaw.internal.CurrentInvocation}) and the {@code System.LoggerFinder} that routes
 * {@code System.getLogger} to them.
 *
 * <pre>{@code
 * Log.standard().write(Log.INFO, "dev.thaw.server.LocalServer", "listening on http://127.0.0.1:8080");
 * }</pre>
 */
package dev.thaw.internal;
