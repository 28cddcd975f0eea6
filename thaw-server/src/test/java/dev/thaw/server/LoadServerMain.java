package dev.thaw.server;

import dev.thaw.App;
import dev.thaw.Response;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The server {@link LocalServerLoadTest} starts in a process of its own, so its resident memory is the
 * server's alone: {@code GET /users/{id}}, {@code POST /echo}, and {@code GET /_heap}, which runs a full
 * GC and answers the heap still in use, in bytes. Prints {@code port N} once listening; stops when its
 * standard input closes.
 */
final class LoadServerMain {

    private LoadServerMain() {}

    public static void main(String[] args) throws Exception {
        App app = App.builder()
                .name("load")
                .routes(r -> r.get("/users/{id}", request -> {
                            String id = request.pathParam("id");
                            return Response.text("{\"id\":\"" + id + "\",\"name\":\"user-" + id + "\"}");
                        })
                        .post("/echo", request -> Response.text(request.bodyText()))
                        .get("/_heap", request -> {
                            System.gc();
                            return Response.text(Long.toString(ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed()));
                        }))
                .build();
        try (LocalServer server = LocalServer.start(
                app, ServerOptions.builder().host("127.0.0.1").port(0).build())) {
            System.out.println("port " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our input
            }
            server.stop(Duration.ofSeconds(1));
        }
    }
}
