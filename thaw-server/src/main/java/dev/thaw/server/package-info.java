/**
 * The local HTTP server: one {@link dev.thaw.App} on jdk.httpserver, a virtual thread per request.
 *
 * <pre>{@code
 * LocalServer server = LocalServer.start(app);   // PORT (default 8080), HOST (default 127.0.0.1)
 * ...
 * server.stop(Duration.ofSeconds(5));           // waits for requests in flight
 * }</pre>
 *
 * <p>Applications usually call {@code Thaw.run(app)} (thaw-run), which starts this server when not on
 * Lambda.
 */
package dev.thaw.server;
