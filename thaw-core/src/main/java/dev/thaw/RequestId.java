package dev.thaw;

/**
 * Gives every request an id: the caller's {@code x-request-id} when it is a sane token, else the
 * invocation's request id. The id is set on the request (so handlers and outbound calls see it) and
 * echoed on the response.
 */
public final class RequestId implements Middleware {

    /** The header that carries the id. */
    public static final String HEADER = "x-request-id";

    private static final int MAX_LENGTH = 128;

    private RequestId() {}

    /** Returns the middleware. */
    public static RequestId create() {
        return new RequestId();
    }

    @Override
    public Handler wrap(Handler next) {
        return new Tagging(next);
    }

    /** The wrapped handler: a named class rather than a lambda, which would spin a class at start-up. */
    private static final class Tagging implements Handler {

        private final Handler next;

        Tagging(Handler next) {
            this.next = next;
        }

        @Override
        public Response handle(Request request) throws Exception {
            String id = acceptedHeader(request);
            Request tagged = request;
            if (id == null) {
                id = request.context().requestId();
                tagged = request.withHeader(HEADER, id);
            }
            Response response;
            try {
                response = next.handle(tagged);
            } catch (HttpException e) {
                response = e.toResponse();
            }
            return response.withHeader(HEADER, id);
        }
    }

    /** Returns the request's id: its {@code x-request-id} when acceptable, else the context's. */
    static String of(Request request) {
        String id = acceptedHeader(request);
        return id != null ? id : request.context().requestId();
    }

    /** Returns the request's {@code x-request-id} when acceptable, else null. */
    private static String acceptedHeader(Request request) {
        String id = request.header(HEADER).orElse(null);
        return id != null && acceptable(id) ? id : null;
    }

    static boolean acceptable(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == ':'
                    || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
