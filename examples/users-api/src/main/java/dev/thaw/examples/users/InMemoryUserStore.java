package dev.thaw.examples.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link UserStore} in memory: a sorted concurrent map keyed by id and an atomic id sequence, so
 * concurrent requests need no lock and listing walks ids in order.
 *
 * <pre>{@code
 * UserStore store = InMemoryUserStore.seeded(100); // users 1–100, "user-<id>", "user-<id>@example.com"
 * }</pre>
 */
public final class InMemoryUserStore implements UserStore {

    private final ConcurrentSkipListMap<Long, User> users = new ConcurrentSkipListMap<>();
    private final AtomicLong lastId = new AtomicLong();

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
        store.lastId.set(count);
        return store;
    }

    @Override
    public Optional<User> find(long id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public List<User> listAfter(long afterId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("list at least 1 user, not " + limit);
        }
        ConcurrentNavigableMap<Long, User> tail = users.tailMap(afterId, false);
        List<User> page = new ArrayList<>(Math.min(limit, 128));
        for (Map.Entry<Long, User> entry : tail.entrySet()) {
            page.add(entry.getValue());
            if (page.size() == limit) {
                break;
            }
        }
        return page;
    }

    @Override
    public User create(NewUser user) {
        long id = lastId.incrementAndGet();
        User created = User.of(id, user);
        users.put(id, created);
        return created;
    }

    @Override
    public Optional<User> update(long id, NewUser user) {
        return Optional.ofNullable(users.computeIfPresent(id, (key, old) -> User.of(key, user)));
    }

    @Override
    public boolean delete(long id) {
        return users.remove(id) != null;
    }

    /** Returns how many users are stored. */
    public int size() {
        return users.size();
    }

    @Override
    public String toString() {
        return "InMemoryUserStore[" + users.size() + " users, last id " + lastId.get() + "]";
    }
}
