package dev.thaw.internal;

import io.avaje.jsonb.Json;
import java.math.BigDecimal;

/**
 * A JSON test type for views. Public: avaje builds a view through the method handles of the first
 * generated component it meets, which may sit in another package.
 */
@Json
public record JsonViewSample(String id, BigDecimal amount, String note) {}
