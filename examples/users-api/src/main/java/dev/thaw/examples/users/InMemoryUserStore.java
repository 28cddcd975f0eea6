package dev.thaw.examples.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link UserStore} in memory: a sorted map keyed by id, so listing walks ids in order, behind one lock.
 * Not a {@code ConcurrentSkipListMap}: its VarHandles cost ~1 ms at first use even with an AOT cache, on
 * every cold start, and a lock held for a map operation is no bottleneck for a function serving one
 * request at a time.
 *
 * <pre>{@code
 * UserStore store = InMemoryUserStore.seeded(100); // users 1–100, "user-<id>", "user-<id>@example.com"
 * }</pre>
 */
public final class InMemoryUserStore implements UserStore {

    private final TreeMap<Long, User> users = new TreeMap<>();
    private long lastId;

    private InMemoryUserStore() {}

    /** Returns an empty store; the first user gets id 1. */
    public static InMemoryUserStore empty() {
        return new InMemoryUserStore();
    }

    /**
     * Returns a store holding users 1 to {@code count}, named {@code user-<id>} with e-mail
     * {@code user-<id>@example.com}; the next user created gets id {@code count + 1}.
     *
     * @param count how many users to seed, 0 or more
     * @return the store
     */
    public static InMemoryUserStore seeded(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("seed the user store with 0 or more users, not " + count);
        }
        InMemoryUserStore store = new InMemoryUserStore();
        for (long id = 1; id <= count; id++) {
            store.users.put(id, User.of(id, new NewUser("user-" + id, "user-" + id + "@example.com")));
        }
        store.lastId = count;
        return store;
    }

    @Override
    public synchronized Optional<User> find(long id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public synchronized List<User> listAfter(long afterId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("list at least 1 user, not " + limit);
        }
        List<User> page = new ArrayList<>(Math.min(limit, 128));
        for (Map.Entry<Long, User> entry : users.tailMap(afterId, false).entrySet()) {
            page.add(entry.getValue());
            if (page.size() == limit) {
                break;
            }
        }
        return page;
    }

    @Override
    public synchronized User create(NewUser user) {
        long id = ++lastId;
        User created = User.of(id, user);
        users.put(id, created);
        return created;
    }

    @Override
    public synchronized Optional<User> update(long id, NewUser user) {
        if (!users.containsKey(id)) {
            return Optional.empty();
        }
        User updated = User.of(id, user);
        users.put(id, updated);
        return Optional.of(updated);
    }

    @Override
    public synchronized boolean delete(long id) {
        return users.remove(id) != null;
    }

    /** Returns how many users are stored. */
    public synchronized int size() {
        return users.size();
    }

    @Override
    public synchronized String toString() {
        return "InMemoryUserStore[" + users.size() + " users, last id " + lastId + "]";
    }
}
