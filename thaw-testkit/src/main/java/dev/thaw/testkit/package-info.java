/**
 * Testing thaw applications and adapters: {@link dev.thaw.testkit.TestClient} sends requests in memory
 * or over a socket, and {@link dev.thaw.testkit.HttpConformance} is the HTTP behaviour every adapter
 * must show.
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
