package dev.thaw.client;

/**
 * How long one outbound call may take: the smaller of its own timeout and the invocation's remaining time
 * minus a safety margin, and which of the two set the limit.
 *
 * @param millis the budget; below 1 the call must not be sent
 * @param deadlineBound whether the invocation's deadline (not the call's own timeout) set the limit
 */
record CallBudget(long millis, boolean deadlineBound) {

    /**
     * Works out the budget.
     *
     * @param ownMillis the call's own timeout
     * @param remainingMillis the invocation's remaining time, {@code Long.MAX_VALUE} without a deadline
     * @param marginMillis kept back so the handler can still answer before the deadline
     */
    static CallBudget of(long ownMillis, long remainingMillis, long marginMillis) {
        if (remainingMillis == Long.MAX_VALUE) {
            return new CallBudget(ownMillis, false);
        }
        long fromDeadline = remainingMillis - marginMillis;
        return fromDeadline < ownMillis ? new CallBudget(fromDeadline, true) : new CallBudget(ownMillis, false);
    }

    /** Returns whether there is too little time to send the call at all. */
    boolean exhausted() {
        return millis < 1;
    }
}
