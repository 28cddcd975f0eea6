package dev.thaw.examples.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InMemoryUserStoreTest {

    @Test
    void seedsUsersOneToCountWithDerivedNamesAndEmails() {
        InMemoryUserStore store = InMemoryUserStore.seeded(100);

        assertThat(store.size()).isEqualTo(100);
        assertThat(store.find(1)).contains(new User("1", "user-1", "user-1@example.com"));
        assertThat(store.find(100)).contains(new User("100", "user-100", "user-100@example.com"));
        assertThat(store.find(0)).isEmpty();
        assertThat(store.find(101)).isEmpty();
        assertThat(store.create(new NewUser("ada", "ada@example.com")).id()).isEqualTo("101");
    }

    @Test
    void startsEmptyWithIdOne() {
        InMemoryUserStore store = InMemoryUserStore.empty();

        assertThat(store.listAfter(0, 10)).isEmpty();
        assertThat(store.create(new NewUser("ada", "ada@example.com")))
                .isEqualTo(new User("1", "ada", "ada@example.com"));
    }

    @ParameterizedTest(name = "after {0}, limit {1}: {2}..{3}")
    @CsvSource({"0,3,1,3", "3,3,4,6", "98,5,99,100", "100,5,0,0", "0,100,1,100", "50,1,51,51"})
    void listsUsersAfterAnIdInIdOrder(long after, int limit, int first, int last) {
        List<User> page = InMemoryUserStore.seeded(100).listAfter(after, limit);

        List<String> expected = new ArrayList<>();
        for (int id = first; first > 0 && id <= last; id++) {
            expected.add(Integer.toString(id));
        }
        assertThat(page).extracting(User::id).containsExactlyElementsOf(expected);
    }

    @Test
    void listsPastDeletedUsersAndIncludesNewOnesAtTheEnd() {
        InMemoryUserStore store = InMemoryUserStore.seeded(5);
        store.delete(3);
        store.create(new NewUser("ada", "ada@example.com"));

        assertThat(store.listAfter(2, 10)).extracting(User::id).containsExactly("4", "5", "6");
    }

    @Test
    void updatesAndDeletesOnlyExistingUsers() {
        InMemoryUserStore store = InMemoryUserStore.seeded(3);
        NewUser grace = new NewUser("grace", "grace@example.com");

        assertThat(store.update(2, grace)).contains(new User("2", "grace", "grace@example.com"));
        assertThat(store.update(4, grace)).isEmpty();
        assertThat(store.delete(2)).isTrue();
        assertThat(store.delete(2)).isFalse();
        assertThat(store.update(2, grace)).isEmpty();
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void givesConcurrentCreatesDistinctIds() throws Exception {
        InMemoryUserStore store = InMemoryUserStore.seeded(100);
        int threads = 8;
        int perThread = 250;
        List<Future<List<String>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        ids.add(store.create(new NewUser("t" + thread + "-" + i, "t@example.com"))
                                .id());
                    }
                    return ids;
                }));
            }
        }
        Set<String> ids = new HashSet<>();
        for (Future<List<String>> result : results) {
            ids.addAll(result.get());
        }

        assertThat(ids).hasSize(threads * perThread);
        assertThat(store.size()).isEqualTo(100 + threads * perThread);
        assertThat(store.listAfter(100, threads * perThread))
                .extracting(User::id)
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void rejectsANegativeSeedAndAnEmptyPage() {
        assertThatThrownBy(() -> InMemoryUserStore.seeded(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> InMemoryUserStore.seeded(1).listAfter(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
