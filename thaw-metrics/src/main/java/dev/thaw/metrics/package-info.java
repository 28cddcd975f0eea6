/**
 * CloudWatch metrics for thaw applications, written as one Embedded Metric Format line per invocation:
 * nothing goes over the network, CloudWatch Logs extracts the metrics.
 *
 * <pre>{@code
 * App app = App.builder()
 *         .use(EmfMetrics.middleware("users-api"), Recovery.create())
 *         .routes(r -> r.post("/users", request -> {
 *             User user = store.create(request.bodyAs(NewUser.class));
 *             Metrics.of(request).count("UsersCreated");
 *             return Response.status(201).json(user);
 *         }))
 *         .build();
 * }</pre>
 *
 * <p>{@link dev.thaw.metrics.EmfMetrics} is the middleware, {@link dev.thaw.metrics.Metrics} what a handler
 * records, {@link dev.thaw.metrics.Unit} the units CloudWatch accepts.
 */
package dev.thaw.metrics;
