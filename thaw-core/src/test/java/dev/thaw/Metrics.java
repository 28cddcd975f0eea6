package dev.thaw;

import io.avaje.jsonb.Json;

/** A JSON test type with 64-bit and boxed integer fields. */
@Json
record Metrics(long total, Long previousTotal, Integer count) {}
