package dev.thaw;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value made once, on first use, by exactly one thread; a failure is not cached, so the next
 * {@link #get()} tries again. Hold clients and tables in one to keep them off the cold-start path.
 *
 * <pre>{@code
 * private static final Lazy<UserTable> TABLE = Lazy.of(UserTable::load);
 * ...
 * TABLE.get().find(id);
 * }</pre>
 *
 * <p>Uses a lock rather than {@code synchronized} so a virtual thread waiting for the value does not
 * pin its carrier on Java 21.
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<? extends T> init;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile T value;

    private Lazy(Supplier<? extends T> init) {
        this.init = init;
    }

    /**
     * Returns a lazy value.
     *
     * @param init makes the value; must not return null
     * @return the lazy value, not yet made
     */
    public static <T> Lazy<T> of(Supplier<? extends T> init) {
        return new Lazy<>(Objects.requireNonNull(init, "init"));
    }

    /**
     * Returns the value, making it on first use.
     *
     * @throws RuntimeException whatever {@code init} threw; the next call tries again
     */
    @Override
    public T get() {
        T v = value;
        if (v != null) {
            return v;
        }
        lock.lock();
        try {
            v = value;
            if (v == null) {
                v = Objects.requireNonNull(init.get(), "Lazy initializer returned null");
                value = v;
            }
            return v;
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether the value has been made. */
    public boolean isInitialized() {
        return value != null;
    }

    /**
     * Forgets the value so the next {@link #get()} makes a new one (after a SnapStart restore, say).
     *
     * @return the value that was held, or null
     */
    public T reset() {
        lock.lock();
        try {
            T old = value;
            value = null;
            return old;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        T v = value;
        return v == null ? "Lazy[not initialized]" : "Lazy[" + v + "]";
    }
}
