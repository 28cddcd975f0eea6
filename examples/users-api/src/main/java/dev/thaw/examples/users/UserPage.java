package dev.thaw.examples.users;

import io.avaje.jsonb.Json;
import java.util.List;

/**
 * One page of {@code GET /users}: {@code {"items":[...],"nextCursor":"NDI"}}.
 *
 * @param items the users of this page, by ascending id
 * @param nextCursor the opaque cursor of the next page, or null (left out of the JSON) on the last page
 */
@Json
public record UserPage(List<User> items, String nextCursor) {}
