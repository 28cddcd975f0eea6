package dev.thaw.client;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Closes the connection of a call in flight when its invocation is cancelled, so a blocked read returns at
 * once. Once the call is over it does nothing: by then the connection may be pooled and serving another.
 */
final class CancelGuard implements Runnable {

    private final ReentrantLock lock = new ReentrantLock();
    private Connection current;
    private boolean cancelled;
    private boolean finished;

    /**
     * Watches {@code c} (null: stop watching before it goes back to the pool).
     *
     * @return false when the invocation is already cancelled
     */
    boolean watch(Connection c) {
        lock.lock();
        try {
            current = c;
            return !cancelled;
        } finally {
            lock.unlock();
        }
    }

    void finish() {
        lock.lock();
        try {
            finished = true;
            current = null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            cancelled = true;
            if (current != null) {
                current.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
