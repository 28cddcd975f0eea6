package dev.thaw;

import io.avaje.jsonb.Json;
import java.util.List;

/** A JSON test type with a nested record, a list and a field that may be null. */
@Json
record Person(String name, int age, Address address, List<String> tags, String nickname) {}
