package dev.thaw.examples.users;

import java.util.List;
import java.util.Optional;

/**
 * Where users live. Ids are positive longs handed out by the store, never reused; listing is by ascending
 * id so a cursor ("after id N") stays valid while users are added and removed. Implementations must be
 * safe for concurrent use: requests run on many threads at once.
 *
 * <pre>{@code
 * UserStore store = InMemoryUserStore.seeded(100);
 * User ada = store.create(new NewUser("ada", "ada@example.com"));
 * List<User> firstPage = store.listAfter(0, 20);
 * }</pre>
 */
public interface UserStore {

    /**
     * Finds one user.
     *
     * @param id the user's id
     * @return the user, or empty when there is none with that id
     */
    Optional<User> find(long id);

    /**
     * Lists users with an id greater than {@code afterId}, by ascending id.
     *
     * @param afterId 0 for the first page, else the last id of the previous page
     * @param limit the most users to return, at least 1
     * @return up to {@code limit} users
     */
    List<User> listAfter(long afterId, int limit);

    /**
     * Stores a new user under a fresh id.
     *
     * @param user the validated fields
     * @return the stored user with its id
     */
    User create(NewUser user);

    /**
     * Replaces the fields of an existing user.
     *
     * @param id the user's id
     * @param user the validated fields
     * @return the updated user, or empty when there is none with that id
     */
    Optional<User> update(long id, NewUser user);

    /**
     * Removes a user.
     *
     * @param id the user's id
     * @return whether a user was removed
     */
    boolean delete(long id);
}
