/**
 * Testing thaw applications and adapters: {@link dev.thaw.testkit.TestClient} sends requests in memory
 * or over a socket, {@link dev.thaw.testkit.HttpConformance} is the HTTP behaviour every adapter must show,
 * {@link dev.thaw.testkit.GoldenEvents} are real-shaped Lambda events for every source with the answers
 * they must get, and {@link dev.thaw.testkit.FakeRuntimeApi} is a fake Lambda Runtime API on a real socket
 * for testing runtimes.
 *
 * <pre>{@code
 * class UsersApiTest {
 *     private final TestClient client = TestClient.inProcess(UsersApi.app());
 *
 *     @Test
 *     void findsUser() {
 *         assertThat(client.get("/users/42").status()).isEqualTo(200);
 *     }
 * }
 * }</pre>
 */
package dev.thaw.testkit;
