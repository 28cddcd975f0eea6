package dev.thaw.examples.users;

public final class JsonbStartProbe {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        var e = ClassLoader.getSystemClassLoader().getResources("META-INF/services/io.avaje.jsonb.spi.JsonbExtension");
        int n = 0;
        while (e.hasMoreElements()) { e.nextElement(); n++; }
        long t1 = System.nanoTime();
        var sl = java.util.ServiceLoader.load(io.avaje.jsonb.spi.JsonbExtension.class);
        int m = 0;
        for (var x : sl) { m++; }
        long t2 = System.nanoTime();
        var b = io.avaje.jsonb.Jsonb.builder();
        long t3 = System.nanoTime();
        dev.thaw.Json.jsonb();
        long t4 = System.nanoTime();
        System.out.println("resources(" + n + ") " + (t1 - t0) / 1000 + " us, serviceloader(" + m + ") " + (t2 - t1) / 1000 + " us, builder()/DEFAULT " + (t3 - t2) / 1000 + " us, thaw jsonb " + (t4 - t3) / 1000 + " us");
    }
}
