package dev.thaw.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Idle keep-alive connections per {@code scheme://host:port}, reused last-in first-out so the warmest
 * connection goes out first and the coldest age out. At most {@code maxPerHost} idle connections are kept
 * per host; calls beyond that never wait (waiting would spend the deadline), they open a connection that is
 * closed afterwards.
 */
final class ConnectionPool {

    private final int maxPerHost;
    private final long idleTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ArrayDeque<Connection>> idle = new HashMap<>();

    ConnectionPool(int maxPerHost, long idleTimeoutNanos) {
        this.maxPerHost = maxPerHost;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** Returns the most recently used idle connection for {@code key} that has not idled out, or null. */
    Connection take(String key) {
        List<Connection> expired = null;
        Connection found = null;
        long now = System.nanoTime();
        lock.lock();
        try {
            ArrayDeque<Connection> deque = idle.get(key);
            while (deque != null && !deque.isEmpty()) {
                Connection c = deque.pollFirst();
                if (now - c.idleSinceNanos() < idleTimeoutNanos) {
                    found = c;
                    break;
                }
                if (expired == null) {
                    expired = new ArrayList<>(2);
                }
                expired.add(c);
            }
        } finally {
            lock.unlock();
        }
        closeAll(expired);
        return found;
    }

    /** Returns {@code c} to the pool, or closes it when the host already has {@code maxPerHost} idle. */
    void release(Connection c) {
        c.markIdle(System.nanoTime());
        lock.lock();
        try {
            ArrayDeque<Connection> deque = idle.get(c.key());
            if (deque == null) {
                deque = new ArrayDeque<>(Math.min(maxPerHost, 16));
                idle.put(c.key(), deque);
            }
            if (deque.size() < maxPerHost) {
                deque.addFirst(c);
                return;
            }
        } finally {
            lock.unlock();
        }
        c.close();
    }

    /** Closes every idle connection; returns how many were closed. */
    int evictAll() {
        List<Connection> all = new ArrayList<>();
        lock.lock();
        try {
            for (ArrayDeque<Connection> deque : idle.values()) {
                all.addAll(deque);
            }
            idle.clear();
        } finally {
            lock.unlock();
        }
        closeAll(all);
        return all.size();
    }

    /** Closes idle connections older than the idle timeout; returns how many were closed. */
    int evictExpired() {
        List<Connection> expired = new ArrayList<>();
        long now = System.nanoTime();
        lock.lock();
        try {
            for (ArrayDeque<Connection> deque : idle.values()) {
                for (Iterator<Connection> it = deque.iterator(); it.hasNext(); ) {
                    Connection c = it.next();
                    if (now - c.idleSinceNanos() >= idleTimeoutNanos) {
                        it.remove();
                        expired.add(c);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        closeAll(expired);
        return expired.size();
    }

    /** Returns the number of idle connections for {@code key}. */
    int idleCount(String key) {
        lock.lock();
        try {
            ArrayDeque<Connection> deque = idle.get(key);
            return deque == null ? 0 : deque.size();
        } finally {
            lock.unlock();
        }
    }

    private static void closeAll(List<Connection> connections) {
        if (connections != null) {
            for (Connection c : connections) {
                c.close();
            }
        }
    }
}
