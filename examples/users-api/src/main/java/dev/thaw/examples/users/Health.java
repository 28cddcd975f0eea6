package dev.thaw.examples.users;

import io.avaje.jsonb.Json;

/**
 * The answer of {@code GET /health}: {@code {"status":"ok","time":1764288000}}.
 *
 * @param status always {@code "ok"} when the function answers at all
 * @param time the server's clock in epoch seconds
 */
@Json
public record Health(String status, long time) {}
