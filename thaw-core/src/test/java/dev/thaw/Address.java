package dev.thaw;

import io.avaje.jsonb.Json;

/** A nested JSON test type. */
@Json
record Address(String street, String city) {}
