package dev.thaw.examples.users;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque paging cursor: base64url (no padding) of the last id of a page. Pages continue after that
 * id, so a cursor stays valid while users are created and deleted.
 */
final class Cursor {

    private Cursor() {}

    static String encode(long lastId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Long.toString(lastId).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Returns the id a cursor continues after.
     *
     * @return the id, or -1 when {@code cursor} is not one {@link #encode} made
     */
    static long decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > 32) {
            return -1;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return UserIds.parse(new String(bytes, StandardCharsets.US_ASCII));
    }
}
