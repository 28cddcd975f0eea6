package dev.thaw;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin resource sharing with explicit lists: nothing is allowed until configured. Preflight
 * requests ({@code OPTIONS} with {@code Access-Control-Request-Method}) are answered here: 204 with the
 * CORS headers when origin, method and headers are allowed, 403 without them otherwise. Other requests
 * from an allowed origin get {@code Access-Control-Allow-Origin}; from any other origin, no CORS headers.
 *
 * <pre>{@code
 * Cors cors = Cors.builder()
 *         .allowOrigins("https://app.example.com")
 *         .allowMethods("GET", "POST", "PUT", "DELETE")
 *         .allowHeaders("content-type", "authorization")
 *         .maxAge(Duration.ofMinutes(10))
 *         .build();
 * }</pre>
 */
public final class Cors implements Middleware {

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Set<String> methods;
    private final Set<String> headers;
    private final String exposeHeaders;
    private final boolean credentials;
    private final Duration maxAge;

    private Cors(Builder b) {
        this.origins = Set.copyOf(b.origins);
        this.anyOrigin = b.anyOrigin;
        this.methods = Set.copyOf(b.methods);
        this.headers = Set.copyOf(b.headers);
        this.exposeHeaders = String.join(", ", b.exposeHeaders);
        this.credentials = b.credentials;
        this.maxAge = b.maxAge;
        if (anyOrigin && credentials) {
            throw new IllegalArgumentException("CORS: credentials cannot be allowed for any origin");
        }
    }

    /** Returns a builder that allows nothing. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Handler wrap(Handler next) {
        return new Guarded(this, next);
    }

    /** The wrapped handler: a named class rather than a lambda, which would spin a class at start-up. */
    private static final class Guarded implements Handler {

        private final Cors cors;
        private final Handler next;

        Guarded(Cors cors, Handler next) {
            this.cors = cors;
            this.next = next;
        }

        @Override
        public Response handle(Request request) throws Exception {
            return cors.handle(next, request);
        }
    }

    private Response handle(Handler next, Request request) throws Exception {
        String origin = request.header("origin").orElse(null);
        boolean preflight = request.method().equals("OPTIONS")
                && origin != null
                && request.headers().contains("access-control-request-method");
        if (preflight) {
            return preflight(request, origin);
        }
        Response response;
        try {
            response = next.handle(request);
        } catch (HttpException e) {
            // Problem answers need the CORS headers too, or browsers hide them from scripts.
            response = e.toResponse();
        }
        if (origin == null) {
            return response;
        }
        Response out = response.withHeader("vary", vary(response));
        if (!originAllowed(origin)) {
            return out;
        }
        out = out.withHeader("access-control-allow-origin", anyOrigin ? "*" : origin);
        if (credentials) {
            out = out.withHeader("access-control-allow-credentials", "true");
        }
        if (!exposeHeaders.isEmpty()) {
            out = out.withHeader("access-control-expose-headers", exposeHeaders);
        }
        return out;
    }

    private Response preflight(Request request, String origin) {
        String method =
                request.header("access-control-request-method").orElse("").trim();
        List<String> requested = requestedHeaders(request);
        String refusal = null;
        if (!originAllowed(origin)) {
            refusal = "origin " + origin + " is not allowed";
        } else if (!methods.contains(method.toUpperCase(Locale.ROOT))) {
            refusal = "method " + method + " is not allowed";
        } else {
            for (String header : requested) {
                if (!headers.contains(header)) {
                    refusal = "header " + header + " is not allowed";
                    break;
                }
            }
        }
        if (refusal != null) {
            return Problem.of(403, "CORS preflight refused: " + refusal)
                    .toResponse()
                    .withHeader("vary", "origin");
        }
        Response.Builder ok = Response.status(204)
                .header("access-control-allow-origin", anyOrigin ? "*" : origin)
                .header("access-control-allow-methods", String.join(", ", sorted(methods)))
                .header("vary", "origin");
        if (!requested.isEmpty()) {
            ok.header("access-control-allow-headers", String.join(", ", requested));
        }
        if (credentials) {
            ok.header("access-control-allow-credentials", "true");
        }
        if (maxAge != null) {
            ok.header("access-control-max-age", Long.toString(maxAge.toSeconds()));
        }
        return ok.empty();
    }

    private boolean originAllowed(String origin) {
        return anyOrigin || origins.contains(origin);
    }

    private static String vary(Response response) {
        String existing = response.header("vary").orElse(null);
        if (existing == null || existing.isBlank()) {
            return "origin";
        }
        return existing.toLowerCase(Locale.ROOT).contains("origin") ? existing : existing + ", origin";
    }

    private static List<String> requestedHeaders(Request request) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String value : request.headers().all("access-control-request-headers")) {
            for (String part : value.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    out.add(name);
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> sorted(Set<String> set) {
        List<String> out = new ArrayList<>(set);
        Collections.sort(out);
        return List.copyOf(out);
    }

    /** Configures CORS; every list starts empty. */
    public static final class Builder {
        private final Set<String> origins = new LinkedHashSet<>();
        private boolean anyOrigin;
        private final Set<String> methods = new LinkedHashSet<>();
        private final Set<String> headers = new LinkedHashSet<>();
        private final Set<String> exposeHeaders = new LinkedHashSet<>();
        private boolean credentials;
        private Duration maxAge;

        private Builder() {}

        /** Allows these exact origins ({@code scheme://host[:port]}). */
        public Builder allowOrigins(String... origins) {
            for (String origin : origins) {
                if (origin.equals("*")) {
                    throw new IllegalArgumentException("CORS: use allowAnyOrigin() rather than \"*\"");
                }
                this.origins.add(origin);
            }
            return this;
        }

        /** Allows every origin ({@code *}); not combinable with credentials. */
        public Builder allowAnyOrigin() {
            this.anyOrigin = true;
            return this;
        }

        /** Allows these methods in preflight. */
        public Builder allowMethods(String... methods) {
            for (String method : methods) {
                this.methods.add(method.toUpperCase(Locale.ROOT));
            }
            return this;
        }

        /** Allows these request headers in preflight. */
        public Builder allowHeaders(String... headers) {
            for (String header : headers) {
                this.headers.add(header.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Exposes these response headers to scripts. */
        public Builder exposeHeaders(String... headers) {
            for (String header : headers) {
                this.exposeHeaders.add(header.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Allows credentials (cookies, authorization) from the allowed origins. */
        public Builder allowCredentials() {
            this.credentials = true;
            return this;
        }

        /** Lets browsers cache a preflight answer this long. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /** Returns the middleware. */
        public Cors build() {
            return new Cors(this);
        }
    }
}
