package dev.thaw.examples.users;

import dev.thaw.HttpException;
import dev.thaw.Problem;
import dev.thaw.Request;
import dev.thaw.RequestId;
import dev.thaw.Response;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The handlers of the users API; {@link UsersApi} wires them to routes. */
final class UserRoutes {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final int MAX_ECHOED_ID = 64;

    private final UserStore store;
    private final SyncClient sync;

    UserRoutes(UserStore store, SyncClient sync) {
        this.store = store;
        this.sync = sync;
    }

    Response health(Request request) {
        return Response.json(new Health("ok", System.currentTimeMillis() / 1000));
    }

    Response find(Request request) {
        long id = id(request);
        return Response.json(store.find(id).orElseThrow(() -> notFound(request)));
    }

    Response list(Request request) {
        int limit = limit(request);
        long after = after(request);
        // One extra row tells whether another page exists without a second query.
        List<User> rows = store.listAfter(after, limit + 1);
        if (rows.size() <= limit) {
            return Response.json(new UserPage(rows, null));
        }
        List<User> items = List.copyOf(rows.subList(0, limit));
        long lastId = Long.parseLong(items.get(limit - 1).id());
        return Response.json(new UserPage(items, Cursor.encode(lastId)));
    }

    Response create(Request request) {
        NewUser fields = NewUserInput.read(request);
        User user = store.create(fields);
        return Response.status(201).header("location", "/users/" + user.id()).json(user);
    }

    Response update(Request request) {
        long id = id(request);
        NewUser fields = NewUserInput.read(request);
        Optional<User> updated = store.update(id, fields);
        return Response.json(updated.orElseThrow(() -> notFound(request)));
    }

    Response delete(Request request) {
        long id = id(request);
        if (!store.delete(id)) {
            throw notFound(request);
        }
        return Response.noContent();
    }

    Response sync(Request request) {
        long id = id(request);
        User user = store.find(id).orElseThrow(() -> notFound(request));
        String requestId =
                request.header(RequestId.HEADER).orElse(request.context().requestId());
        try {
            sync.sync(user, request.context(), requestId);
        } catch (IOException e) {
            throw new HttpException(
                    Problem.of(502, "Sync of user " + user.id() + " failed: " + e.getMessage())
                            .withInstance(request.rawPath()),
                    e);
        }
        return Response.status(202).json(new SyncResult(user.id(), true));
    }

    private static long id(Request request) {
        long id = UserIds.parse(request.pathParam("id"));
        if (id < 0) {
            throw notFound(request);
        }
        return id;
    }

    private static HttpException notFound(Request request) {
        String id = request.pathParam("id");
        if (id.length() > MAX_ECHOED_ID) {
            id = id.substring(0, MAX_ECHOED_ID) + "…";
        }
        return new HttpException(Problem.of(404, "No user with id '" + id + "'").withInstance(request.rawPath()));
    }

    private static int limit(Request request) {
        String raw = request.queryParam("limit").orElse(null);
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        long limit = raw.length() > 3 ? -1 : UserIds.parse(raw);
        if (limit < 1 || limit > MAX_LIMIT) {
            String message = "must be a whole number from 1 to " + MAX_LIMIT;
            throw InvalidInput.of(
                    request,
                    "Query parameter limit " + message + ", got '" + echo(raw) + "'",
                    List.of(InvalidInput.error("limit", message)),
                    null);
        }
        return (int) limit;
    }

    private static long after(Request request) {
        String raw = request.queryParam("cursor").orElse(null);
        if (raw == null) {
            return 0;
        }
        long after = Cursor.decode(raw);
        if (after < 0) {
            String message = "must be a nextCursor value from a previous page";
            throw InvalidInput.of(
                    request,
                    "Query parameter cursor " + message + ", got '" + echo(raw) + "'",
                    List.of(InvalidInput.error("cursor", message)),
                    null);
        }
        return after;
    }

    private static String echo(String value) {
        return value.length() > MAX_ECHOED_ID ? value.substring(0, MAX_ECHOED_ID) + "…" : value;
    }
}
