package dev.thaw.examples.users;

import io.avaje.jsonb.Json;

/**
 * A stored user, as every route answers it: {@code {"id":"42","name":"user-42","email":"user-42@example.com"}}.
 *
 * @param id the numeric id as a decimal string (JavaScript clients lose precision on large numbers)
 * @param name the display name
 * @param email the e-mail address
 */
@Json
public record User(String id, String name, String email) {

    /**
     * Returns the user with numeric id {@code id}.
     *
     * @param id the store's id
     * @param fields name and e-mail
     * @return the user
     */
    public static User of(long id, NewUser fields) {
        return new User(Long.toString(id), fields.name(), fields.email());
    }
}
