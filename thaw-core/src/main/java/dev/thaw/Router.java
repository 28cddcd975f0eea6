package dev.thaw;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes requests by method and path pattern. Patterns are segments of literals, {@code {name}}
 * parameters (one non-empty segment), and a final wildcard {@code {name...}} or {@code *} (the rest of the
 * path, possibly empty). Literals beat parameters beat wildcards at each segment. A path that matches
 * but not for the method answers 405 with {@code Allow}; no match answers 404. HEAD is served by GET
 * routes and OPTIONS answers with {@code Allow} unless routed explicitly.
 *
 * <p>Segments are matched after percent-decoding each one separately, so {@code %2F} never splits a
 * segment and a malformed escape is a 400. Matching is strict: {@code /users/} and {@code /users//1} are
 * not {@code /users} and {@code /users/1}. A wildcard also matches its bare prefix ({@code /files} for
 * {@code /files/{path...}}, with an empty rest).
 *
 * <pre>{@code
 * Router router = Router.builder()
 *         .get("/users/{id}", request -> Response.json(store.find(request.pathParam("id"))))
 *         .post("/users", users::create)
 *         .get("/static/{file...}", assets)
 *         .build();
 * }</pre>
 */
public final class Router implements Handler {

    private final Node root;

    private Router(Node root) {
        this.root = root;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Response handle(Request request) throws Exception {
        List<String> segments = decode(split(request.rawPath()));
        List<Match> matches = new ArrayList<>(2);
        root.collect(segments, 0, new ArrayList<>(4), matches);
        if (matches.isEmpty()) {
            throw new HttpException(Problem.of(404, "No route for " + request.method() + " " + request.rawPath())
                    .withInstance(request.rawPath()));
        }
        String method = request.method();
        for (Match m : matches) {
            Route route = m.node.routes.get(method);
            if (route == null && method.equals("HEAD")) {
                route = m.node.routes.get("GET");
            }
            if (route != null) {
                request.context().routeMatched(route.pattern);
                return route.handler.handle(request.routed(route.pattern, route.params(m.values)));
            }
        }
        Set<String> allowed = new TreeSet<>();
        for (Match m : matches) {
            allowed.addAll(m.node.routes.keySet());
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        allowed.add("OPTIONS");
        String allow = String.join(", ", allowed);
        if (method.equals("OPTIONS")) {
            return Response.status(204).header("allow", allow).empty();
        }
        Problem problem = Problem.of(405, method + " is not allowed on " + request.rawPath() + "; allowed: " + allow)
                .withInstance(request.rawPath());
        return problem.toResponse().withHeader("allow", allow);
    }

    private static List<String> split(String rawPath) {
        List<String> segments = new ArrayList<>(6);
        int start = 1;
        int length = rawPath.length();
        if (length <= 1) {
            return segments;
        }
        while (true) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                segments.add(rawPath.substring(start));
                return segments;
            }
            segments.add(rawPath.substring(start, end));
            start = end + 1;
        }
    }

    /**
     * Decodes every segment once, before matching: backtracking then never decodes twice, and a
     * malformed escape is a 400 wherever it is, not only on segments a route happens to look at.
     */
    private static List<String> decode(List<String> raw) {
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i);
            raw.set(i, PercentDecoder.decodePathSegment(s, 0, s.length()));
        }
        return raw;
    }

    private record Match(Node node, List<String> values) {}

    private record Route(String pattern, List<String> paramNames, Handler handler) {
        Map<String, String> params(List<String> values) {
            if (paramNames.isEmpty()) {
                return Map.of();
            }
            LinkedHashMap<String, String> params = new LinkedHashMap<>(paramNames.size() * 2);
            for (int i = 0; i < paramNames.size(); i++) {
                params.put(paramNames.get(i), values.get(i));
            }
            return Collections.unmodifiableMap(params);
        }
    }

    private static final class Node {
        final Map<String, Node> literals = new LinkedHashMap<>();
        Node param;
        Node wildcard;
        final Map<String, Route> routes = new LinkedHashMap<>();

        /** Returns a deep copy, so a built router never changes when its builder goes on. */
        Node copy() {
            Node copy = new Node();
            for (Map.Entry<String, Node> literal : literals.entrySet()) {
                copy.literals.put(literal.getKey(), literal.getValue().copy());
            }
            copy.param = param == null ? null : param.copy();
            copy.wildcard = wildcard == null ? null : wildcard.copy();
            copy.routes.putAll(routes);
            return copy;
        }

        /** Appends every node that matches the rest of the path, most specific first. */
        void collect(List<String> segments, int index, List<String> values, List<Match> out) {
            if (index == segments.size()) {
                if (!routes.isEmpty()) {
                    out.add(new Match(this, List.copyOf(values)));
                }
                if (wildcard != null && !wildcard.routes.isEmpty()) {
                    values.add("");
                    out.add(new Match(wildcard, List.copyOf(values)));
                    values.remove(values.size() - 1);
                }
                return;
            }
            String segment = segments.get(index);
            Node literal = literals.get(segment);
            if (literal != null) {
                literal.collect(segments, index + 1, values, out);
            }
            if (param != null && !segment.isEmpty()) {
                values.add(segment);
                param.collect(segments, index + 1, values, out);
                values.remove(values.size() - 1);
            }
            if (wildcard != null && !wildcard.routes.isEmpty()) {
                StringBuilder rest = new StringBuilder(segment);
                for (int i = index + 1; i < segments.size(); i++) {
                    rest.append('/').append(segments.get(i));
                }
                values.add(rest.toString());
                out.add(new Match(wildcard, List.copyOf(values)));
                values.remove(values.size() - 1);
            }
        }
    }

    /** Collects routes; patterns are checked as they are added. */
    public static final class Builder {
        private final Node root = new Node();

        private Builder() {}

        /** Routes GET {@code pattern} (HEAD follows it). */
        public Builder get(String pattern, Handler handler) {
            return route("GET", pattern, handler);
        }

        /** Routes POST {@code pattern}. */
        public Builder post(String pattern, Handler handler) {
            return route("POST", pattern, handler);
        }

        /** Routes PUT {@code pattern}. */
        public Builder put(String pattern, Handler handler) {
            return route("PUT", pattern, handler);
        }

        /** Routes PATCH {@code pattern}. */
        public Builder patch(String pattern, Handler handler) {
            return route("PATCH", pattern, handler);
        }

        /** Routes DELETE {@code pattern}. */
        public Builder delete(String pattern, Handler handler) {
            return route("DELETE", pattern, handler);
        }

        /**
         * Routes {@code method} and {@code pattern} to {@code handler}.
         *
         * @param method an HTTP method, any case
         * @param pattern for example {@code /users/{id}} or {@code /files/{path...}}
         * @param handler the handler
         * @return this builder
         * @throws IllegalArgumentException when the method or pattern is malformed, the handler is missing
         *     or the route is already taken
         */
        public Builder route(String method, String pattern, Handler handler) {
            if (pattern == null || !pattern.startsWith("/")) {
                throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
            }
            if (method == null || method.isEmpty() || !isToken(method)) {
                throw new IllegalArgumentException("invalid HTTP method '" + method + "' for route " + pattern);
            }
            String verb = method.toUpperCase(Locale.ROOT);
            if (handler == null) {
                throw new IllegalArgumentException("route " + verb + " " + pattern + " has no handler");
            }
            List<String> names = new ArrayList<>();
            Node node = root;
            List<String> segments = split(pattern);
            for (int i = 0; i < segments.size(); i++) {
                String segment = segments.get(i);
                boolean last = i == segments.size() - 1;
                if (segment.isEmpty() && !last) {
                    throw new IllegalArgumentException("empty segment ('//') in route pattern " + pattern);
                }
                if (segment.equals("*") || (segment.startsWith("{") && segment.endsWith("...}"))) {
                    if (!last) {
                        throw new IllegalArgumentException("wildcard must be the last segment: " + pattern);
                    }
                    names.add(segment.equals("*") ? "*" : name(segment.substring(1, segment.length() - 4), pattern));
                    if (node.wildcard == null) {
                        node.wildcard = new Node();
                    }
                    node = node.wildcard;
                } else if (segment.startsWith("{") && segment.endsWith("}")) {
                    names.add(name(segment.substring(1, segment.length() - 1), pattern));
                    if (node.param == null) {
                        node.param = new Node();
                    }
                    node = node.param;
                } else {
                    if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
                        throw new IllegalArgumentException(
                                "a parameter must be a whole segment: '" + segment + "' in " + pattern);
                    }
                    String literal = literal(segment, pattern);
                    Node child = node.literals.get(literal);
                    if (child == null) {
                        child = new Node();
                        node.literals.put(literal, child);
                    }
                    node = child;
                }
            }
            if (new HashSet<>(names).size() != names.size()) {
                throw new IllegalArgumentException("duplicate parameter name in " + pattern);
            }
            Route previous = node.routes.putIfAbsent(verb, new Route(pattern, List.copyOf(names), handler));
            if (previous != null) {
                throw new IllegalArgumentException(
                        verb + " " + pattern + " conflicts with " + verb + " " + previous.pattern);
            }
            return this;
        }

        /** Returns the router; routes added to this builder afterwards do not reach it. */
        public Router build() {
            return new Router(root.copy());
        }

        private static String literal(String segment, String pattern) {
            try {
                return PercentDecoder.decodePathSegment(segment, 0, segment.length());
            } catch (HttpException e) {
                throw new IllegalArgumentException(
                        "malformed percent escape in segment '" + segment + "' of route pattern " + pattern, e);
            }
        }

        private static boolean isToken(String method) {
            for (int i = 0; i < method.length(); i++) {
                char c = method.charAt(i);
                if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    return false;
                }
            }
            return true;
        }

        private static String name(String name, String pattern) {
            boolean valid = !name.isEmpty();
            for (int i = 0; i < name.length() && valid; i++) {
                char c = name.charAt(i);
                valid = Character.isLetterOrDigit(c) || c == '_';
            }
            if (!valid) {
                throw new IllegalArgumentException("invalid parameter name '" + name + "' in " + pattern);
            }
            return name;
        }
    }
}
