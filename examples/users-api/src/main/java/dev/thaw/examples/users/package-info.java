/**
 * The reference thaw application: a users API with health, CRUD, cursor paging and a deadline-bound
 * sync to a downstream service, wired by constructors.
 *
 * <pre>{@code
 * UserStore store = InMemoryUserStore.seeded(100);
 * SyncClient sync = HttpSyncClient.fromEnv(System.getenv());
 * Thaw.run(UsersApi.app(store, sync, System.getenv()));
 * }</pre>
 *
 * <p>Routes: {@code GET /health}; {@code GET /users?limit=&cursor=}; {@code POST /users};
 * {@code GET|PUT|DELETE /users/{id}}; {@code POST /users/{id}/sync}. Errors are
 * {@code application/problem+json}; 400s list their field errors under {@code errors}.
 */
package dev.thaw.examples.users;
