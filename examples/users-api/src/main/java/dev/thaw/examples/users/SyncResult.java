package dev.thaw.examples.users;

import io.avaje.jsonb.Json;

/**
 * The answer of {@code POST /users/{id}/sync}: {@code {"id":"42","synced":true}}.
 *
 * @param id the user's id
 * @param synced whether the downstream service accepted the user
 */
@Json
public record SyncResult(String id, boolean synced) {}
