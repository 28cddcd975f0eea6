/**
 * thaw's implementation shared across its modules; not API, may change in any release. Holds the log
 * writer ({@link dev.thaw.internal.Log}), the current invocation's log fields ({@link
 * dev.thaw.internal.CurrentInvocation}), the {@code System.LoggerFinder} that routes
 * {@code System.getLogger} to them, and thaw's JSON codec ({@link dev.thaw.internal.ThawJsonb}, which
 * {@code dev.thaw.Json} uses) with its strict number adapters.
 *
 * <pre>{@code
 * Log.standard().write(Log.INFO, "dev.thaw.server.LocalServer", "listening on http://127.0.0.1:8080");
 * }</pre>
 */
package dev.thaw.internal;
