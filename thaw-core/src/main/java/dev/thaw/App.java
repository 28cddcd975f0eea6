package dev.thaw;

import dev.thaw.internal.CurrentInvocation;
import dev.thaw.internal.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A thaw application: its handler chain plus what the runtimes need to know about it (priming requests,
 * shutdown and restore hooks). Build it in {@code main} and hand it to {@code Thaw.run}; building does no
 * I/O, so keep expensive things in {@link Lazy} values.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     App app = App.builder()
 *             .name("hello")
 *             .use(RequestId.create(), AccessLog.create(), Recovery.create())
 *             .routes(r -> r.get("/hello", request -> Response.text("hello")))
 *             .prime(() -> List.of(Request.get("/hello")))
 *             .build();
 *     Thaw.run(app);
 * }
 * }</pre>
 */
public final class App {

    private static final String LOGGER = "dev.thaw.App";

    private final String name;
    private final Handler handler;
    private final List<Request> primingGiven;
    private final List<Supplier<? extends List<Request>>> primingLater;
    /** The priming requests, made on first use (see {@link #primingRequests()}); guarded by this. */
    private List<Request> priming;

    private final List<Runnable> shutdownHooks;
    private final List<Runnable> restoreHooks;
    private final Limits limits;
    private final Handler limited;

    private App(Builder b) {
        this.name = b.name;
        this.handler = Middleware.chain(b.middleware, b.handler);
        this.limits = b.limits;
        // Outermost: a request over a limit is answered before any middleware or route reads it.
        this.limited = b.limits.guard(handler);
        this.primingGiven = List.copyOf(b.priming);
        this.primingLater = List.copyOf(b.primingLater);
        this.shutdownHooks = List.copyOf(b.shutdownHooks);
        this.restoreHooks = List.copyOf(b.restoreHooks);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the application's name (used in logs). */
    public String name() {
        return name;
    }

    /** Returns the request limits every adapter's requests are checked against. */
    public Limits limits() {
        return limits;
    }

    /** Returns the composed handler: the middleware chain around the routes. */
    public Handler handler() {
        return handler;
    }

    /**
     * Handles one request through the whole chain, after checking it against the app's {@link Limits}
     * (a request over one is answered with a 4xx problem before any middleware runs). While it runs, log
     * lines written on this thread (and threads it starts) carry the request's request id, trace id and
     * cold-start flag.
     *
     * @param request the request
     * @return the response
     * @throws Exception what the chain threw (adapters turn it into an error response)
     */
    public Response handle(Request request) throws Exception {
        // The one place every adapter passes through: Lambda loop, managed runtime and local server.
        CurrentInvocation invocation = CurrentInvocation.enter(request.context());
        try {
            return limited.handle(request);
        } finally {
            invocation.exit();
        }
    }

    /**
     * Returns the synthetic requests that warm the whole stack before real traffic: those given to
     * {@link Builder#prime(Request...)}, then those the suppliers given to {@link Builder#prime(Supplier)}
     * make. The suppliers run once, on the first call; one that throws is tried again on the next.
     *
     * @throws RuntimeException what a supplier threw, or a {@link NullPointerException} when it returned
     *     null or a list holding null
     */
    public synchronized List<Request> primingRequests() {
        List<Request> all = priming;
        if (all == null) {
            if (primingLater.isEmpty()) {
                all = primingGiven;
            } else {
                List<Request> made = new ArrayList<>(primingGiven);
                for (Supplier<? extends List<Request>> later : primingLater) {
                    made.addAll(later.get());
                }
                all = List.copyOf(made);
            }
            priming = all;
        }
        return all;
    }

    /**
     * Sends each priming request through the chain, so classes are loaded and code paths warmed (before
     * a SnapStart checkpoint, during AOT-cache training). Failures are reported, not thrown: priming must
     * never keep a function from starting.
     *
     * @return the number of priming requests that answered below 500
     */
    public int prime() {
        List<Request> requests;
        try {
            requests = primingRequests();
        } catch (RuntimeException e) {
            Log.standard().write(Log.WARN, LOGGER, "making the priming requests failed", e);
            return 0;
        }
        int ok = 0;
        for (Request request : requests) {
            try {
                Response response = handler.handle(request.toBuilder()
                        .context(request.context().asPriming())
                        .build());
                if (response.status() < 500) {
                    ok++;
                } else {
                    Log.standard().write(Log.WARN, LOGGER, "priming " + request + " answered " + response.status());
                }
            } catch (Exception | StackOverflowError e) {
                Log.standard().write(Log.WARN, LOGGER, "priming " + request + " failed", e);
            }
        }
        return ok;
    }

    /** Returns the hooks run when the runtime shuts down (SIGTERM on Lambda, stop locally). */
    public List<Runnable> shutdownHooks() {
        return shutdownHooks;
    }

    /** Returns the hooks run after a SnapStart restore (reset pools, reseed randomness). */
    public List<Runnable> restoreHooks() {
        return restoreHooks;
    }

    /**
     * Runs the shutdown hooks in order, as every runtime does at shutdown: a failing hook is logged at
     * ERROR ({@code shutdown hook of NAME failed}, with the exception) and the others still run.
     *
     * @return how many hooks failed
     */
    public int runShutdownHooks() {
        return runAll(shutdownHooks, "shutdown");
    }

    /**
     * Runs the restore hooks in order, as after a SnapStart restore; a failing hook is logged at ERROR and
     * the others still run (a throwing hook must not fail the restore).
     *
     * @return how many hooks failed
     */
    public int runRestoreHooks() {
        return runAll(restoreHooks, "restore");
    }

    private int runAll(List<Runnable> hooks, String kind) {
        int failed = 0;
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException | Error e) {
                failed++;
                Log.standard().write(Log.ERROR, LOGGER, kind + " hook of " + name + " failed", e);
            }
        }
        return failed;
    }

    /** Builds an application. */
    public static final class Builder {
        private String name = "thaw-app";
        private final List<Middleware> middleware = new ArrayList<>();
        private Handler handler;
        private final List<Request> priming = new ArrayList<>();
        private final List<Supplier<? extends List<Request>>> primingLater = new ArrayList<>();
        private final List<Runnable> shutdownHooks = new ArrayList<>();
        private final List<Runnable> restoreHooks = new ArrayList<>();
        private Limits limits = Limits.defaults();

        private Builder() {}

        /** Sets the name used in logs. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Adds middleware; the first added is the outermost. */
        public Builder use(Middleware... middleware) {
            this.middleware.addAll(List.of(middleware));
            return this;
        }

        /** Sets the innermost handler (usually a {@link Router}). */
        public Builder handler(Handler handler) {
            this.handler = handler;
            return this;
        }

        /** Builds a {@link Router} with {@code routes} and makes it the innermost handler. */
        public Builder routes(Consumer<Router.Builder> routes) {
            Router.Builder router = Router.builder();
            routes.accept(router);
            this.handler = router.build();
            return this;
        }

        /** Adds priming requests. */
        public Builder prime(Request... requests) {
            this.priming.addAll(List.of(requests));
            return this;
        }

        /**
         * Adds priming requests made only when priming runs (before a SnapStart checkpoint, in AOT-cache
         * training) or {@link App#primingRequests()} is asked: an ordinary cold start never runs
         * priming, so building its requests there is wasted (the example's five took ~5 ms without the
         * AOT cache, ~0.7 ms with it).
         *
         * @param requests makes the requests, once
         */
        public Builder prime(Supplier<? extends List<Request>> requests) {
            this.primingLater.add(Objects.requireNonNull(requests, "requests"));
            return this;
        }

        /** Adds a shutdown hook. */
        public Builder onShutdown(Runnable hook) {
            this.shutdownHooks.add(hook);
            return this;
        }

        /** Adds an after-restore hook. */
        public Builder onRestore(Runnable hook) {
            this.restoreHooks.add(hook);
            return this;
        }

        /**
         * Sets the request limits ({@link Limits#defaults()} unless set); a request over one is answered
         * with a 4xx problem before the middleware runs.
         */
        public Builder limits(Limits limits) {
            if (limits == null) {
                throw new IllegalArgumentException("App " + name + ": limits must not be null");
            }
            this.limits = limits;
            return this;
        }

        /** Returns the application. */
        public App build() {
            if (handler == null) {
                throw new IllegalStateException("App " + name + " has no handler: call routes(...) or handler(...)");
            }
            return new App(this);
        }
    }
}
