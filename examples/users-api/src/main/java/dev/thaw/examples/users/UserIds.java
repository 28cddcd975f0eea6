package dev.thaw.examples.users;

/** Parses user ids in their one canonical form, so {@code /users/042} is not another name for 42. */
final class UserIds {

    private static final int MAX_DIGITS = 18;

    private UserIds() {}

    /** Returns the id written as decimal digits without a leading zero, or -1 when it is not one. */
    static long parse(String text) {
        int length = text.length();
        if (length == 0 || length > MAX_DIGITS || text.charAt(0) == '0') {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }
}
