package dev.thaw.lambda;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void show() {
        String[] events = {
            "{\"httpMethod\":\"GET\",\"path\":\"/a\",\"requestContext\":{},\"headers\":[]}",
            "{\"httpMethod\":\"GET\",\"path\":\"/a\",\"requestContext\":{},\"isBase64Encoded\":\"yes\"}",
            "{\"httpMethod\":\"GET\",\"path\":\"/a\",\"requestContext\":{},\"body\":\"%%\",\"isBase64Encoded\":true}",
            "{\"httpMethod\":\"GET\",\"path\":\"/a\",\"requestContext\":{},\"headers\":{\"x\":\"a\\nb\"}}",
            "{\"httpMethod\":\"GET\",\"path\":\"/a\",",
            "not json",
            "null",
        };
        for (String e : events) {
            try {
                ApiGatewayV1Codec.REST.decode(e.getBytes(), null);
                System.out.println("OK?? " + e);
            } catch (InvalidEventException x) {
                System.out.println(x.getMessage());
            }
        }
        System.out.println(new String(ApiGatewayV1Codec.REST.encode(dev.thaw.Response.text("hi"), dev.thaw.Request.get("/"))));
        System.out.println(new String(AlbCodec.SINGLE_VALUE.encode(dev.thaw.Response.noContent(), dev.thaw.Request.get("/"))));
        System.out.println(EventCodecs.unsupported(GoldenEvents.load("sqs.json")).getMessage());
    }
}
