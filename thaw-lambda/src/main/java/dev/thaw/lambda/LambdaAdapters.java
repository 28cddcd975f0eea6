package dev.thaw.lambda;

import io.avaje.json.JsonAdapter;
import io.avaje.jsonb.AdapterFactory;
import io.avaje.jsonb.Jsonb;
import io.avaje.jsonb.spi.JsonbComponent;
import java.lang.reflect.Type;

/**
 * The JSON adapters of the event and response records, which avaje-jsonb's generator writes. Registered
 * by hand in place of the generated {@code LambdaJsonComponent}: that one binds ten method references
 * ({@code XJsonAdapter::new}), ten classes spun at start-up; this is one class. The build removes the
 * generated component from {@code META-INF/services} so the codec never finds it.
 */
final class LambdaAdapters implements JsonbComponent, AdapterFactory {

    @Override
    public void register(Jsonb.Builder builder) {
        builder.add((AdapterFactory) this);
    }

    @Override
    public JsonAdapter<?> create(Type type, Jsonb jsonb) {
        // Asked about every type the codec builds (String, List<String>...): answer those by name, since
        // each class literal below loads its record class, which a function using one source never needs.
        if (!(type instanceof Class<?> cls) || !cls.getName().startsWith("dev.thaw.lambda.")) {
            return null;
        }
        if (type == ApiGatewayV2Event.class) {
            return new ApiGatewayV2EventJsonAdapter(jsonb).nullSafe();
        }
        if (type == ApiGatewayV2Event.RequestContext.class) {
            return new ApiGatewayV2Event$RequestContextJsonAdapter(jsonb).nullSafe();
        }
        if (type == ApiGatewayV2Event.Http.class) {
            return new ApiGatewayV2Event$HttpJsonAdapter(jsonb).nullSafe();
        }
        if (type == ApiGatewayV2Response.class) {
            return new ApiGatewayV2ResponseJsonAdapter(jsonb).nullSafe();
        }
        if (type == ApiGatewayV1Event.class) {
            return new ApiGatewayV1EventJsonAdapter(jsonb).nullSafe();
        }
        if (type == ApiGatewayV1Event.RequestContext.class) {
            return new ApiGatewayV1Event$RequestContextJsonAdapter(jsonb).nullSafe();
        }
        if (type == ApiGatewayV1Event.Identity.class) {
            return new ApiGatewayV1Event$IdentityJsonAdapter(jsonb).nullSafe();
        }
        if (type == ApiGatewayV1Response.class) {
            return new ApiGatewayV1ResponseJsonAdapter(jsonb).nullSafe();
        }
        if (type == AlbEvent.class) {
            return new AlbEventJsonAdapter(jsonb).nullSafe();
        }
        if (type == AlbResponse.class) {
            return new AlbResponseJsonAdapter(jsonb).nullSafe();
        }
        return null;
    }
}
