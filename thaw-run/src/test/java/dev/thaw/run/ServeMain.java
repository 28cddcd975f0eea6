package dev.thaw.run;

import dev.thaw.App;
import dev.thaw.Response;

/** A thaw application's main, run in a child JVM by {@link ThawProcessTest}. */
public final class ServeMain {

    private ServeMain() {}

    public static void main(String[] args) {
        App app = App.builder()
                .name("serve-main")
                .routes(r -> r.get(
                        "/hello",
                        request -> Response.text(
                                "hello from " + ProcessHandle.current().pid())))
                .onShutdown(() -> System.out.println("shutdown hook ran"))
                .build();
        Thaw.run(app);
        System.out.println("main returned");
    }
}
