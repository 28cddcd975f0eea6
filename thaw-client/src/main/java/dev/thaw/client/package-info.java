/**
 * Outbound HTTP/1.1 for handlers, bounded by the invocation's deadline.
 *
 * <pre>{@code
 * private static final Lazy<ThawClient> CLIENT = Lazy.of(ThawClient::create);
 *
 * User user = CLIENT.get().getJson(URI.create("https://users.internal/users/42"), User.class, request.context());
 * }</pre>
 *
 * <p>{@link dev.thaw.client.ThawClient} is the entry point; {@link dev.thaw.client.OutboundRequest} and
 * {@link dev.thaw.client.OutboundResponse} are immutable values.
 */
package dev.thaw.client;
