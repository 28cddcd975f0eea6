package dev.thaw.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.DeadlineExceededException;
import dev.thaw.Json;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.testkit.TestClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The users API's HTTP behaviour, run the same way through every transport: each subclass says how a
 * request reaches the {@link App}. Every test gets a fresh store seeded with users 1–100.
 */
abstract class UsersApiConformance {

    static final String ALLOWED_ORIGIN = UsersApi.DEFAULT_CORS_ORIGIN;

    private final List<TestClient> clients = new ArrayList<>();
    InMemoryUserStore store;
    RecordingSync sync;
    TestClient client;

    /** Returns a client that sends requests to {@code app}; it is closed after the test. */
    protected abstract TestClient client(App app);

    @BeforeEach
    void startApp() {
        store = InMemoryUserStore.seeded(100);
        sync = new RecordingSync();
        client = clientFor(UsersApi.app(store, sync, Map.of()));
    }

    @AfterEach
    void closeClients() throws Exception {
        for (TestClient c : clients) {
            c.close();
        }
    }

    TestClient clientFor(App app) {
        TestClient c = client(app);
        clients.add(c);
        return c;
    }

    // --- health ---

    @Test
    void answersHealthWithStatusAndEpochSeconds() {
        long before = System.currentTimeMillis() / 1000;
        Response response = client.get("/health");
        long after = System.currentTimeMillis() / 1000;

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        Map<String, Object> body = object(response);
        assertThat(body).containsOnlyKeys("status", "time").containsEntry("status", "ok");
        assertThat(((Number) body.get("time")).longValue()).isBetween(before, after);
    }

    @Test
    void answersHeadOfHealthLikeGetWithoutError() {
        Response response = client.send(Request.builder("HEAD", "/health").build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void echoesARequestIdOnEveryAnswer() {
        Response given = client.send(Request.builder("GET", "/users/1")
                .header("x-request-id", "req-abc-123")
                .build());
        Response made = client.get("/nope");

        assertThat(given.header("x-request-id")).hasValue("req-abc-123");
        assertThat(made.header("x-request-id"))
                .hasValueSatisfying(id -> assertThat(id).isNotBlank());
    }

    // --- reading users ---

    @Test
    void findsASeededUser() {
        Response response = client.get("/users/42");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText())
                .isEqualTo("{\"id\":\"42\",\"name\":\"user-42\",\"email\":\"user-42@example.com\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "abc", "042", "-1", "99999999999999999999999", "4%202"})
    void answersNotFoundForAnIdWithNoUser(String id) {
        Response response = client.get("/users/" + id);

        assertProblem(response, 404);
        assertThat(object(response).get("detail")).asString().contains("No user with id");
    }

    @Test
    void pagesThroughAllSeededUsersWithoutDuplicates() {
        List<Integer> sizes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Response response = client.get("/users?limit=30" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.status()).isEqualTo(200);
            Map<String, Object> page = object(response);
            List<Map<String, Object>> items = items(page);
            sizes.add(items.size());
            for (Map<String, Object> item : items) {
                ids.add((String) item.get("id"));
            }
            cursor = (String) page.get("nextCursor");
        } while (cursor != null && sizes.size() < 10);

        assertThat(sizes).containsExactly(30, 30, 30, 10);
        assertThat(ids).doesNotHaveDuplicates().hasSize(100);
        assertThat(ids).containsExactlyElementsOf(seededIds(1, 100));
    }

    @Test
    void listsTwentyUsersByDefault() {
        Map<String, Object> page = object(client.get("/users"));

        assertThat(items(page)).hasSize(20);
        assertThat(items(page).get(0)).containsEntry("id", "1").containsEntry("name", "user-1");
        assertThat(page.get("nextCursor")).isNotNull();
    }

    @Test
    void listsAllUsersOnOnePageAtTheMaximumLimit() {
        Map<String, Object> page = object(client.get("/users?limit=100"));

        assertThat(items(page)).hasSize(100);
        assertThat(page.get("nextCursor")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "101", "1.5", "", "1000000000000"})
    void rejectsALimitOutsideOneToHundred(String limit) {
        Response response = client.get("/users?limit=" + limit);

        assertProblem(response, 400);
        assertThat(object(response).get("detail")).asString().contains("limit");
        assertThat(errorFields(response)).containsExactly("limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "zz", "YWJj", "MA", "", "LTU"})
    void rejectsACursorThisApiDidNotIssue(String cursor) {
        Response response = client.get("/users?cursor=" + cursor);

        assertProblem(response, 400);
        assertThat(object(response).get("detail")).asString().contains("cursor");
        assertThat(errorFields(response)).containsExactly("cursor");
    }

    @Test
    void keepsACursorValidWhileUsersAreCreatedAndDeleted() {
        Map<String, Object> first = object(client.get("/users?limit=10"));
        String cursor = (String) first.get("nextCursor");
        assertThat(client.send(delete("/users/11")).status()).isEqualTo(204);
        assertThat(client.send(delete("/users/3")).status()).isEqualTo(204);
        assertThat(client.send(json("POST", "/users", "{\"name\":\"ada\",\"email\":\"ada@example.com\"}"))
                        .status())
                .isEqualTo(201);

        Map<String, Object> second = object(client.get("/users?limit=100&cursor=" + cursor));

        List<String> ids = new ArrayList<>();
        for (Map<String, Object> item : items(second)) {
            ids.add((String) item.get("id"));
        }
        List<String> expected = seededIds(12, 100);
        expected.add("101");
        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(second.get("nextCursor")).isNull();
    }

    // --- creating, updating, deleting ---

    @Test
    void createsAUserServedAtItsLocation() {
        Response created = client.send(json("POST", "/users", "{\"name\":\"ada\",\"email\":\"ada@example.com\"}"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("location")).hasValue("/users/101");
        assertThat(object(created))
                .containsEntry("id", "101")
                .containsEntry("name", "ada")
                .containsEntry("email", "ada@example.com");

        Response fetched = client.get(created.header("location").orElseThrow());
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.bodyText()).isEqualTo(created.bodyText());
    }

    @Test
    void neverReusesTheIdOfADeletedUser() {
        client.send(json("POST", "/users", "{\"name\":\"a\",\"email\":\"a@example.com\"}"));
        client.send(delete("/users/101"));

        Response again = client.send(json("POST", "/users", "{\"name\":\"b\",\"email\":\"b@example.com\"}"));

        assertThat(again.header("location")).hasValue("/users/102");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {bad                                           | body
            ''                                             | body
            [1]                                            | body
            null                                           | body
            '"ada"'                                        | body
            {}                                             | name,email
            {"name":"ada"}                                 | email
            {"email":"ada@example.com"}                    | name
            {"name":" ","email":"ada@example.com"}         | name
            {"name":5,"email":"ada@example.com"}           | name
            {"name":null,"email":"ada@example.com"}        | name
            {"name":["a"],"email":{"x":1}}                 | name,email
            {"name":"ada","email":true}                    | email
            {"name":"ada","email":"ada.example.com"}       | email
            {"name":"ada","email":""}                      | email
            {"name":"","email":"no-at"}                    | name,email
            """)
    void rejectsAnInvalidBodyNamingEachField(String body, String fields) {
        List<String> expected = List.of(fields.split(","));
        for (String method : List.of("POST", "PUT")) {
            Response response = client.send(json(method, method.equals("POST") ? "/users" : "/users/7", body));

            assertProblem(response, 400);
            String detail = (String) object(response).get("detail");
            for (String field : expected) {
                assertThat(detail).contains(field);
            }
            assertThat(errorFields(response)).containsExactlyElementsOf(expected);
            assertThat(errors(response))
                    .allSatisfy(e -> assertThat(e.get("message")).asString().isNotBlank());
        }
        assertThat(store.size()).isEqualTo(100);
        assertThat(object(client.get("/users/7"))).containsEntry("name", "user-7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void rejectsANonJsonContentType(String contentType) {
        Response response = client.send(Request.builder("POST", "/users")
                .header("content-type", contentType)
                .body("name=ada&email=ada@example.com")
                .build());

        assertProblem(response, 415);
        assertThat(store.size()).isEqualTo(100);
    }

    @Test
    void updatesAnExistingUser() {
        Response updated = client.send(json("PUT", "/users/7", "{\"name\":\"grace\",\"email\":\"grace@example.com\"}"));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.bodyText()).isEqualTo("{\"id\":\"7\",\"name\":\"grace\",\"email\":\"grace@example.com\"}");
        assertThat(client.get("/users/7").bodyText()).isEqualTo(updated.bodyText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "abc"})
    void answersNotFoundWhenUpdatingOrDeletingAMissingUser(String id) {
        Response updated =
                client.send(json("PUT", "/users/" + id, "{\"name\":\"grace\",\"email\":\"grace@example.com\"}"));
        Response deleted = client.send(delete("/users/" + id));

        assertProblem(updated, 404);
        assertProblem(deleted, 404);
        assertThat(store.size()).isEqualTo(100);
    }

    @Test
    void deletesAUserOnce() {
        Response deleted = client.send(delete("/users/9"));

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertProblem(client.get("/users/9"), 404);
        assertProblem(client.send(delete("/users/9")), 404);
    }

    // --- sync ---

    @Test
    void syncsAUserDownstreamWithTheRequestId() {
        Response response = client.send(Request.builder("POST", "/users/42/sync")
                .header("x-request-id", "sync-req-1")
                .build());

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.bodyText()).isEqualTo("{\"id\":\"42\",\"synced\":true}");
        assertThat(sync.calls).hasSize(1);
        assertThat(sync.calls.get(0).user()).isEqualTo(new User("42", "user-42", "user-42@example.com"));
        assertThat(sync.calls.get(0).requestId()).isEqualTo("sync-req-1");
    }

    @Test
    void answersNotFoundWhenSyncingAMissingUser() {
        assertProblem(client.send(Request.builder("POST", "/users/404/sync").build()), 404);
        assertThat(sync.calls).isEmpty();
    }

    @Test
    void answersBadGatewayWhenDownstreamFails() {
        sync.failure = new IOException("the sync service answered 500");

        Response response =
                client.send(Request.builder("POST", "/users/42/sync").build());

        assertProblem(response, 502);
        assertThat(object(response).get("detail"))
                .asString()
                .contains("user 42")
                .contains("answered 500");
        assertThat(sync.calls).hasSize(1);
    }

    @Test
    void answersGatewayTimeoutWhenTheSyncWouldPassTheDeadline() {
        sync.failure = new DeadlineExceededException("Sync of user 42 not attempted: 10 ms left");

        Response response =
                client.send(Request.builder("POST", "/users/42/sync").build());

        assertProblem(response, 504);
    }

    @Test
    void answersServiceUnavailableWhenSyncIsNotConfigured() {
        TestClient unconfigured = clientFor(UsersApi.app(store, HttpSyncClient.fromEnv(Map.of()), Map.of()));

        Response response =
                unconfigured.send(Request.builder("POST", "/users/42/sync").build());

        assertProblem(response, 503);
        assertThat(object(response).get("detail")).asString().contains("SYNC_URL");
    }

    // --- routing and CORS ---

    @ParameterizedTest
    @CsvSource({"GET,/nope", "GET,/users/1/friends", "POST,/health/x", "DELETE,/"})
    void answersNotFoundForAnUnknownRoute(String method, String target) {
        assertProblem(client.send(Request.builder(method, target).build()), 404);
    }

    @Test
    void answersAPreflightFromTheAllowedOrigin() {
        Response response = client.send(preflight(ALLOWED_ORIGIN, "PUT", "content-type, x-request-id"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("access-control-allow-origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(response.header("access-control-allow-methods"))
                .hasValueSatisfying(m -> assertThat(m).contains("GET", "POST", "PUT", "DELETE"));
        assertThat(response.header("access-control-allow-headers"))
                .hasValueSatisfying(h -> assertThat(h).contains("content-type", "x-request-id"));
    }

    @ParameterizedTest
    @CsvSource({"https://evil.example,GET,", "http://localhost:5173,PATCH,", "http://localhost:5173,GET,x-secret"})
    void refusesAPreflightOutsideThePolicy(String origin, String method, String headers) {
        Response response = client.send(preflight(origin, method, headers));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("access-control-allow-origin")).isEmpty();
    }

    @Test
    void takesAllowedOriginsFromTheEnvironment() {
        TestClient configured = clientFor(
                UsersApi.app(store, sync, Map.of(UsersApi.CORS_ORIGINS, "https://a.example, https://b.example")));

        assertThat(configured.send(preflight("https://b.example", "GET", null)).status())
                .isEqualTo(204);
        assertThat(configured.send(preflight(ALLOWED_ORIGIN, "GET", null)).status())
                .isEqualTo(403);
    }

    @Test
    void addsCorsHeadersToAnswersAndErrorsForTheAllowedOrigin() {
        Response ok = client.send(Request.builder("GET", "/users/1")
                .header("origin", ALLOWED_ORIGIN)
                .build());
        Response missing = client.send(Request.builder("GET", "/users/0")
                .header("origin", ALLOWED_ORIGIN)
                .build());
        Response other = client.send(Request.builder("GET", "/users/1")
                .header("origin", "https://evil.example")
                .build());

        assertThat(ok.header("access-control-allow-origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("access-control-allow-origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("access-control-allow-origin")).isEmpty();
    }

    // --- helpers ---

    static Request json(String method, String target, String body) {
        return Request.builder(method, target)
                .header("content-type", "application/json")
                .body(body)
                .build();
    }

    static Request delete(String target) {
        return Request.builder("DELETE", target).build();
    }

    static Request preflight(String origin, String method, String headers) {
        Request.Builder b = Request.builder("OPTIONS", "/users/1")
                .header("origin", origin)
                .header("access-control-request-method", method);
        if (headers != null) {
            b.header("access-control-request-headers", headers);
        }
        return b.build();
    }

    static Request syncWithDeadline(String target, long millisAway) {
        return Request.builder("POST", target)
                .context(Context.builder()
                        .deadlineMillis(System.currentTimeMillis() + millisAway)
                        .build())
                .build();
    }

    /** Asserts a problem+json answer with {@code status} that leaks no Java internals. */
    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
        assertThat(response.header("content-type")).hasValue("application/problem+json");
        Map<String, Object> problem = object(response);
        assertThat(problem).containsKeys("type", "title", "detail");
        assertThat(((Number) problem.get("status")).intValue()).isEqualTo(status);
        assertThat(response.bodyText()).doesNotContain("Exception", "java.", "dev.thaw", "\tat ", "io.avaje", ".java:");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Response response) {
        Object value = Json.fromJson(response.bodyText(), Object.class);
        assertThat(value).as(response.bodyText()).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> page) {
        assertThat(page.get("items")).isInstanceOf(List.class);
        return (List<Map<String, Object>>) page.get("items");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> errors(Response response) {
        Object errors = object(response).get("errors");
        assertThat(errors).as(response.bodyText()).isInstanceOf(List.class);
        return (List<Map<String, Object>>) errors;
    }

    static List<String> errorFields(Response response) {
        List<String> fields = new ArrayList<>();
        for (Map<String, Object> error : errors(response)) {
            fields.add((String) error.get("field"));
        }
        return fields;
    }

    static List<String> seededIds(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(Integer.toString(i));
        }
        return ids;
    }

    /** A sync client that records its calls and fails when told to. */
    static final class RecordingSync implements SyncClient {
        record Call(User user, String requestId, String traceHeader) {}

        final List<Call> calls = new CopyOnWriteArrayList<>();
        volatile Exception failure;

        @Override
        public void sync(User user, Context context, String requestId) throws IOException {
            calls.add(new Call(user, requestId, context.traceHeader()));
            Exception f = failure;
            if (f instanceof IOException io) {
                throw io;
            }
            if (f instanceof RuntimeException re) {
                throw re;
            }
        }
    }
}
