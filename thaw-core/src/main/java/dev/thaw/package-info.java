/**
 * thaw's core model: one {@link dev.thaw.Handler} that runs on a local server, on Lambda's Runtime API
 * and on the managed Java runtime.
 *
 * <pre>{@code
 * App app = App.builder()
 *         .use(RequestId.create(), AccessLog.create(), Recovery.create())
 *         .routes(r -> r
 *                 .get("/health", request -> Response.json(Map.of("status", "ok")))
 *                 .get("/users/{id}", request -> Response.json(store.find(request.pathParam("id")))))
 *         .build();
 * Thaw.run(app);
 * }</pre>
 *
 * <p>No I/O happens here: adapters (thaw-server, thaw-lambda) turn their transport into {@link
 * dev.thaw.Request} and {@link dev.thaw.Response} and back.
 */
package dev.thaw;
