package dev.thaw.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.testkit.TestClient;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite in memory, plus what needs the request's {@link Context} intact: deadlines and
 * trace headers do not travel over a socket to the local server.
 */
class InProcessUsersApiTest extends UsersApiConformance {

    @Override
    protected TestClient client(App app) {
        return TestClient.inProcess(app);
    }

    @Test
    void answersGatewayTimeoutWithoutCallingDownstreamWhenTheDeadlineIsTooClose() {
        Response response = client.send(syncWithDeadline("/users/42/sync", 20));

        assertProblem(response, 504);
        assertThat(sync.calls).isEmpty();
    }

    @Test
    void syncsWithinAComfortableDeadlineAndForwardsTheTraceHeader() {
        String trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        Request request = Request.builder("POST", "/users/42/sync")
                .context(Context.builder()
                        .deadlineMillis(System.currentTimeMillis() + 30_000)
                        .traceHeader(trace)
                        .build())
                .build();

        Response response = client.send(request);

        assertThat(response.status()).isEqualTo(202);
        assertThat(sync.calls)
                .singleElement()
                .satisfies(call -> assertThat(call.traceHeader()).isEqualTo(trace));
    }

    @Test
    void primingAnswersBelow500AndChangesNoState() {
        App app = UsersApi.app(store, sync, java.util.Map.of());

        int ok = app.prime();

        assertThat(ok).isEqualTo(app.primingRequests().size()).isGreaterThanOrEqualTo(3);
        assertThat(store.size()).isEqualTo(100);
        assertThat(store.create(new NewUser("ada", "ada@example.com")).id()).isEqualTo("101");
        assertThat(sync.calls).isEmpty();
    }
}
