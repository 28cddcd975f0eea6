package dev.thaw.examples.users;

import io.avaje.jsonb.Json;

/**
 * The body of {@code POST /users} and {@code PUT /users/{id}}: {@code {"name":"ada","email":"ada@example.com"}}.
 *
 * @param name the display name, not blank
 * @param email the e-mail address, not blank and containing {@code @}
 */
@Json
public record NewUser(String name, String email) {}
