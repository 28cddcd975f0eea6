package dev.thaw.internal;

import dev.thaw.Context;

/**
 * The invocation the current thread is serving, for the request id, trace id and cold-start flag of log
 * lines. {@code App.handle} enters it once per invocation for every adapter and exits it afterwards.
 * Not API: public only because {@code App} (another package) enters it and adapters' tests read it.
 *
 * <p>Threads started during an invocation (DeadlineGuard's virtual thread) inherit it. What they inherit
 * is this per-invocation holder, emptied on exit: a pool thread created during one invocation and
 * reused later logs without fields instead of with a finished invocation's.
 */
public final class CurrentInvocation {

    private static final InheritableThreadLocal<CurrentInvocation> CURRENT = new InheritableThreadLocal<>();

    private final CurrentInvocation previous;
    private volatile Context context;

    private CurrentInvocation(CurrentInvocation previous, Context context) {
        this.previous = previous;
        this.context = context;
    }

    /**
     * Makes {@code context} the current thread's invocation until {@link #exit()}.
     *
     * @param context the invocation's context
     * @return the handle to exit with, on the same thread
     */
    public static CurrentInvocation enter(Context context) {
        CurrentInvocation entered = new CurrentInvocation(CURRENT.get(), context);
        CURRENT.set(entered);
        return entered;
    }

    /** Ends this invocation: threads that inherited it see none, and this thread sees the one before. */
    public void exit() {
        context = null;
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** Returns the context of the invocation the current thread serves, or null outside one. */
    public static Context context() {
        CurrentInvocation current = CURRENT.get();
        return current == null ? null : current.context;
    }
}
