package dev.thaw.examples.users;

public final class AppStartProbe {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        InMemoryUserStore store = InMemoryUserStore.seeded(100);
        long t1 = System.nanoTime();
        SyncClient sync = HttpSyncClient.fromEnv(System.getenv());
        long t2 = System.nanoTime();
        dev.thaw.App app = UsersApi.app(store, sync, System.getenv());
        long t3 = System.nanoTime();
        dev.thaw.Json.jsonb();
        long t4 = System.nanoTime();
        System.out.println("store " + (t1 - t0) / 1000 + " us, sync " + (t2 - t1) / 1000 + " us, app " + (t3 - t2) / 1000 + " us, jsonb " + (t4 - t3) / 1000 + " us");
    }
}
