package dev.thaw.examples.users;

import dev.thaw.*;

public final class LogLineProbe {
    public static void main(String[] args) throws Exception {
        dev.thaw.Json.jsonb();
        Handler h = new Handler() { public Response handle(Request r) { return Response.text("ok"); } };
        Context c = Context.builder().requestId("r-1").coldStart(true).deadlineMillis(System.currentTimeMillis() + 5000).build();
        Request req = Request.builder("GET", "/users/42").context(c).build();
        long t0 = System.nanoTime();
        h.handle(req);
        long t1 = System.nanoTime();
        AccessLog.create().wrap(h).handle(req);
        long t2 = System.nanoTime();
        dev.thaw.metrics.EmfMetrics.middleware("users-api").wrap(h).handle(req);
        long t3 = System.nanoTime();
        System.out.println("plain " + (t1 - t0) / 1000 + " us, accesslog " + (t2 - t1) / 1000 + " us, emf " + (t3 - t2) / 1000 + " us");
    }
}
