package dev.thaw.internal;

import dev.thaw.internal.JsonSamples.Node;

/**
 * Run in a JVM of its own by {@link ThawJsonbDiscoveryTest}: writes a record with a fresh codec, with the
 * app's component registered first ({@code use}) or not, and prints how often the class path was searched.
 */
final class DiscoveryProbe {

    private DiscoveryProbe() {}

    public static void main(String[] args) {
        ThawJsonb jsonb = ThawJsonb.create();
        if (args.length > 0 && args[0].equals("use")) {
            jsonb.use(new InternalJsonComponent());
        }
        System.out.println("json=" + jsonb.toJson(new Node("n", java.util.List.of(), null)));
        System.out.println("discoveries=" + jsonb.discoveries());
    }
}
