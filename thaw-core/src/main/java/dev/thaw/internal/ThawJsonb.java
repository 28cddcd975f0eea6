package dev.thaw.internal;

import io.avaje.json.JsonAdapter;
import io.avaje.json.JsonReader;
import io.avaje.json.JsonWriter;
import io.avaje.json.PropertyNames;
import io.avaje.json.stream.BufferRecycleStrategy;
import io.avaje.json.stream.BufferedJsonWriter;
import io.avaje.json.stream.BytesJsonWriter;
import io.avaje.json.stream.JsonOutput;
import io.avaje.json.stream.JsonStream;
import io.avaje.jsonb.AdapterFactory;
import io.avaje.jsonb.JsonType;
import io.avaje.jsonb.Jsonb;
import io.avaje.jsonb.spi.GeneratedComponent;
import io.avaje.jsonb.spi.JsonbComponent;
import io.avaje.jsonb.spi.JsonbExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * thaw's avaje-jsonb codec: the generated adapters of the app and of thaw's modules, thaw's strict numbers
 * ({@link StrictNumbers}) and a small set of built-in adapters (String, boolean, the numbers, char, Object,
 * List, Collection, Set, {@code Map<String, V>}, Optional), over avaje's stream layer with its default
 * settings, so it writes the same bytes as avaje's default instance. Every other type (java.time, BigDecimal,
 * UUID, enums without generated adapters, arrays, ...) and every view or stream is handed to avaje's
 * default instance ({@link Jsonb#instance()}), made the first time one is needed: avaje builds some forty
 * adapter factories with their lambdas for it, which a cold start that never needs them should not pay.
 *
 * <p>Components are found once with {@link ServiceLoader} ({@code META-INF/services/
 * io.avaje.jsonb.spi.JsonbExtension}), on the first lookup, unless the app registered its own with
 * {@link #use(JsonbComponent)} before that; then the class path is searched only when a lookup finds
 * nothing. Not API: public only for {@code dev.thaw.Json} and thaw's modules; it may change in any release.
 */
public final class ThawJsonb implements Jsonb {

    private final Object lock = new Object();
    private final ConcurrentHashMap<Type, JsonAdapter<?>> adapters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Type, ThawJsonType<?>> types = new ConcurrentHashMap<>();

    // Guarded by lock.
    private final List<JsonbComponent> pending = new ArrayList<>();
    private final Set<Class<?>> componentClasses = new HashSet<>();
    private final List<Class<?>> registered = new ArrayList<>();
    private final Registrations registrations = new Registrations(this);
    private final Map<Type, Forward<?>> building = new HashMap<>();
    private final List<Built> built = new ArrayList<>();
    private boolean explicit;
    private boolean discovered;
    private int discoveries;

    private volatile JsonStream io;
    private volatile Jsonb delegate;
    private volatile JsonType<Object> anyType;

    private ThawJsonb() {
        // Registered before any other component, as avaje's service loader met it first in thaw-core's jar.
        pending.add(new StrictNumbers());
        componentClasses.add(StrictNumbers.class);
    }

    /** Returns the codec {@code dev.thaw.Json} uses, made on first call (cheap: no adapter is built yet). */
    public static ThawJsonb shared() {
        return Shared.INSTANCE;
    }

    /** Returns a new codec that shares nothing with {@link #shared()}; for tests. */
    public static ThawJsonb create() {
        return new ThawJsonb();
    }

    /**
     * Registers a component of one of thaw's modules with the shared codec. Unlike {@link #use}, it does
     * not stand for the app's own registration: the class path is still searched for the app's components.
     */
    public static void internal(JsonbComponent component) {
        Shared.INSTANCE.register(component, false);
    }

    /**
     * Registers the app's component (generated, or written by hand), so the class path need not be
     * searched for it. Its adapters are built on first need; a second component of the same class is
     * ignored.
     */
    public void use(JsonbComponent component) {
        register(component, true);
    }

    /** Registers a component that is not the app's own: the class path is searched as if it were absent. */
    public void useInternal(JsonbComponent component) {
        register(component, false);
    }

    /** Returns the classes of the components registered so far, in order; for tests and diagnostics. */
    public List<Class<?>> components() {
        synchronized (lock) {
            drainPending();
            return List.copyOf(registered);
        }
    }

    /** Returns how many times the class path was searched for components (0 or 1); for tests. */
    public int discoveries() {
        synchronized (lock) {
            return discoveries;
        }
    }

    private void register(JsonbComponent component, boolean byApp) {
        Objects.requireNonNull(component, "component");
        synchronized (lock) {
            if (byApp) {
                explicit = true;
            }
            if (componentClasses.add(component.getClass())) {
                // Registered on the first lookup, not here: a generated component binds a method reference
                // per adapter, each a class spun at first use, and the lookup may run off the main thread.
                pending.add(component);
            }
        }
    }

    // ---- adapters

    @Override
    public <T> JsonAdapter<T> adapter(Class<T> cls) {
        return adapter((Type) cls);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> JsonAdapter<T> adapter(Type type) {
        Type key = key(type);
        JsonAdapter<?> cached = adapters.get(key);
        if (cached == null) {
            cached = build(key, true);
        }
        return (JsonAdapter<T>) cached;
    }

    @Override
    public <T> JsonAdapter<T> customAdapter(Class<? extends JsonAdapter<?>> cls) {
        // Components register a custom adapter under its own class, as avaje does.
        return adapter((Type) cls);
    }

    @Override
    public JsonAdapter<String> rawAdapter() {
        return BuiltInAdapters.RAW;
    }

    @Override
    public boolean hasAdapter(Class<?> cls) {
        return hasAdapter((Type) cls);
    }

    @Override
    public boolean hasAdapter(Type type) {
        Type key = key(type);
        if (adapters.containsKey(key)) {
            return true;
        }
        try {
            return build(key, false) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Equal types share one cache entry; {@code ? extends X} is X, as in avaje. */
    private static Type key(Type type) {
        Objects.requireNonNull(type, "type");
        if (type instanceof WildcardType wildcard
                && wildcard.getLowerBounds().length == 0
                && wildcard.getUpperBounds().length == 1) {
            return wildcard.getUpperBounds()[0];
        }
        return type;
    }

    /**
     * Builds the adapter for {@code key}: registered components first, then the built-ins, then avaje's
     * default instance. A type whose adapter asks for itself (directly or through {@code List<Self>}) gets a
     * forwarding adapter wired once the outer build is done; adapters are cached only when the outermost
     * build succeeds, so a failure leaves no half-wired adapter behind.
     *
     * @param required whether a type nothing handles is an error, else {@code null}
     */
    private JsonAdapter<?> build(Type key, boolean required) {
        synchronized (lock) {
            JsonAdapter<?> cached = adapters.get(key);
            if (cached != null) {
                return cached;
            }
            Forward<?> inProgress = building.get(key);
            if (inProgress != null) {
                return inProgress;
            }
            if (building.isEmpty()) {
                drainPending();
                if (!explicit && !discovered) {
                    discover();
                }
            }
            Forward<Object> forward = new Forward<>(key);
            building.put(key, forward);
            JsonAdapter<?> found = null;
            try {
                found = find(key);
                if (found == null && !discovered) {
                    discover();
                    found = find(key);
                }
                if (found == null) {
                    found = fromDelegate(key, required);
                }
                if (found != null) {
                    forward.target(found);
                    built.add(new Built(key, found));
                }
                return found;
            } finally {
                building.remove(key);
                if (building.isEmpty()) {
                    if (found != null) {
                        for (Built b : built) {
                            adapters.putIfAbsent(b.type, b.adapter);
                        }
                    }
                    built.clear();
                }
            }
        }
    }

    private JsonAdapter<?> find(Type key) {
        JsonAdapter<?> adapter = registrations.create(key);
        return adapter != null ? adapter : BuiltInAdapters.create(key, this);
    }

    private JsonAdapter<?> fromDelegate(Type key, boolean required) {
        Jsonb avaje = delegate();
        try {
            return avaje.adapter(key);
        } catch (IllegalArgumentException e) {
            if (!required) {
                return null;
            }
            throw new IllegalArgumentException(
                    "Find a JSON adapter for " + key.getTypeName()
                            + ": no registered component, thaw built-in or avaje default adapter handles it;"
                            + " annotate the type with @io.avaje.jsonb.Json (or @Json.Import it) and compile with"
                            + " avaje-jsonb-generator, or register its adapter with dev.thaw.Json.use(component)",
                    e);
        }
    }

    private void drainPending() {
        // Registering may queue nothing new, but a component's register() could call use() on the same
        // thread: take a copy first.
        while (!pending.isEmpty()) {
            List<JsonbComponent> now = new ArrayList<>(pending);
            pending.clear();
            for (JsonbComponent component : now) {
                registered.add(component.getClass());
                component.register(registrations);
            }
        }
    }

    /** The one class-path search for components: the app's hand-written ones first, then generated ones. */
    private void discover() {
        discovered = true;
        discoveries++;
        List<JsonbComponent> user = new ArrayList<>();
        List<JsonbComponent> generated = new ArrayList<>();
        for (JsonbExtension extension : ServiceLoader.load(JsonbExtension.class)) {
            if (extension instanceof JsonbComponent component && componentClasses.add(component.getClass())) {
                (component instanceof GeneratedComponent ? generated : user).add(component);
            }
        }
        pending.addAll(user);
        pending.addAll(generated);
        drainPending();
    }

    /** Returns avaje's default instance, built on first need. */
    Jsonb delegate() {
        Jsonb avaje = delegate;
        if (avaje == null) {
            avaje = Jsonb.instance();
            delegate = avaje;
        }
        return avaje;
    }

    // ---- types

    @Override
    public <T> JsonType<T> type(Class<T> cls) {
        return type((Type) cls);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> JsonType<T> type(Type type) {
        ThawJsonType<?> cached = types.get(type);
        if (cached == null) {
            ThawJsonType<?> made = new ThawJsonType<>(this, type, adapter(type));
            cached = types.putIfAbsent(type, made);
            if (cached == null) {
                cached = made;
            }
        }
        return (JsonType<T>) cached;
    }

    @Override
    public <T> JsonType<T> typeOf(Object value) {
        return type((Type) Objects.requireNonNull(value, "value").getClass());
    }

    private JsonType<Object> anyType() {
        JsonType<Object> any = anyType;
        if (any == null) {
            any = type(Object.class);
            anyType = any;
        }
        return any;
    }

    @Override
    public String toJson(Object any) {
        return anyType().toJson(any);
    }

    @Override
    public String toJsonPretty(Object any) {
        return anyType().toJsonPretty(any);
    }

    @Override
    public byte[] toJsonBytes(Object any) {
        return anyType().toJsonBytes(any);
    }

    @Override
    public void toJson(Object any, Writer writer) {
        anyType().toJson(any, writer);
    }

    @Override
    public void toJson(Object any, OutputStream outputStream) {
        anyType().toJson(any, outputStream);
    }

    @Override
    public void toJson(Object any, JsonWriter jsonWriter) {
        anyType().toJson(any, jsonWriter);
    }

    @Override
    public void toJson(Object any, JsonOutput jsonOutput) {
        anyType().toJson(any, jsonOutput);
    }

    // ---- stream layer

    /** avaje's stream layer with the settings of its default instance, so the bytes written are the same. */
    private JsonStream io() {
        JsonStream stream = io;
        if (stream == null) {
            synchronized (lock) {
                stream = io;
                if (stream == null) {
                    stream = JsonStream.builder()
                            .serializeNulls(false)
                            .serializeEmpty(true)
                            .failOnUnknown(false)
                            .failOnNullPrimitives(false)
                            .bufferRecycling(BufferRecycleStrategy.HYBRID_POOL)
                            .build();
                    io = stream;
                }
            }
        }
        return stream;
    }

    BufferedJsonWriter bufferedWriter() {
        return io().bufferedWriter();
    }

    BytesJsonWriter bufferedWriterAsBytes() {
        return io().bufferedWriterAsBytes();
    }

    @Override
    public JsonReader reader(String json) {
        return io().reader(json);
    }

    @Override
    public JsonReader reader(byte[] jsonBytes) {
        return io().reader(jsonBytes);
    }

    @Override
    public JsonReader reader(Reader reader) {
        return io().reader(reader);
    }

    @Override
    public JsonReader reader(InputStream inputStream) {
        return io().reader(inputStream);
    }

    @Override
    public JsonWriter writer(Writer writer) {
        return io().writer(writer);
    }

    @Override
    public JsonWriter writer(OutputStream outputStream) {
        return io().writer(outputStream);
    }

    @Override
    public JsonWriter writer(JsonOutput output) {
        return io().writer(output);
    }

    @Override
    public PropertyNames properties(String... names) {
        return io().properties(names);
    }

    @Override
    public String toString() {
        return "ThawJsonb";
    }

    /** The shared codec, made on first use. */
    private static final class Shared {
        static final ThawJsonb INSTANCE = new ThawJsonb();
    }

    /** An adapter found during a build, cached when the outermost build succeeds. */
    private static final class Built {
        final Type type;
        final JsonAdapter<?> adapter;

        Built(Type type, JsonAdapter<?> adapter) {
            this.type = type;
            this.adapter = adapter;
        }
    }

    /** Stands in for an adapter that is still being built, for a type that refers to itself. */
    static final class Forward<T> implements JsonAdapter<T> {
        private final Type type;
        private volatile JsonAdapter<T> target;

        Forward(Type type) {
            this.type = type;
        }

        @SuppressWarnings("unchecked")
        void target(JsonAdapter<?> adapter) {
            this.target = (JsonAdapter<T>) adapter;
        }

        private JsonAdapter<T> ready() {
            JsonAdapter<T> adapter = target;
            if (adapter == null) {
                throw new IllegalStateException("Use the JSON adapter for " + type.getTypeName()
                        + ": it is still being built (a type that refers to itself, used from its own constructor)");
            }
            return adapter;
        }

        @Override
        public void toJson(JsonWriter writer, T value) {
            ready().toJson(writer, value);
        }

        @Override
        public T fromJson(JsonReader reader) {
            return ready().fromJson(reader);
        }

        @Override
        public String toString() {
            return "Forward(" + type.getTypeName() + ")";
        }
    }

    /**
     * What components register into: adapters for exact types, and factories asked in order. The codec's
     * settings are avaje's defaults and stay so: a component that asks for others is refused, since the
     * bytes would then differ from what the rest of the app writes.
     */
    static final class Registrations implements Jsonb.Builder {
        private final ThawJsonb owner;
        private final Map<Type, Registration> exact = new HashMap<>();
        private final List<AdapterFactory> factories = new ArrayList<>();

        Registrations(ThawJsonb owner) {
            this.owner = owner;
        }

        JsonAdapter<?> create(Type type) {
            Registration registration = exact.get(type);
            if (registration != null) {
                return registration.create(owner);
            }
            for (AdapterFactory factory : factories) {
                JsonAdapter<?> adapter = factory.create(type, owner);
                if (adapter != null) {
                    return adapter;
                }
            }
            return null;
        }

        private Jsonb.Builder put(Type type, Registration registration) {
            // The first registration of a type wins, as the first matching factory does in avaje.
            exact.putIfAbsent(key(type), registration);
            return this;
        }

        @Override
        public <T> Jsonb.Builder add(Type type, JsonAdapter<T> jsonAdapter) {
            return put(type, new Registration(Objects.requireNonNull(jsonAdapter), null, null));
        }

        @Override
        public <T> Jsonb.Builder add(Type type, Supplier<JsonAdapter<T>> supplier) {
            return put(type, new Registration(null, Objects.requireNonNull(supplier), null));
        }

        @Override
        public Jsonb.Builder add(Type type, AdapterBuilder builder) {
            return put(type, new Registration(null, null, Objects.requireNonNull(builder)));
        }

        @Override
        public Jsonb.Builder add(JsonbComponent component) {
            component.register(this);
            return this;
        }

        @Override
        public Jsonb.Builder add(AdapterFactory factory) {
            factories.add(Objects.requireNonNull(factory));
            return this;
        }

        @Override
        public Jsonb.Builder serializeNulls(boolean serializeNulls) {
            return setting("serializeNulls", !serializeNulls);
        }

        @Override
        public Jsonb.Builder serializeEmpty(boolean serializeEmpty) {
            return setting("serializeEmpty", serializeEmpty);
        }

        @Override
        public Jsonb.Builder failOnUnknown(boolean failOnUnknown) {
            return setting("failOnUnknown", !failOnUnknown);
        }

        @Override
        public Jsonb.Builder failOnNullPrimitives(boolean failOnNullPrimitives) {
            return setting("failOnNullPrimitives", !failOnNullPrimitives);
        }

        @Override
        public Jsonb.Builder mathTypesAsString(boolean mathTypesAsString) {
            return setting("mathTypesAsString", !mathTypesAsString);
        }

        @Override
        public Jsonb.Builder calendarAsString(boolean calendarAsString) {
            return setting("calendarAsString", !calendarAsString);
        }

        @Override
        public Jsonb.Builder bufferRecycling(BufferRecycleStrategy strategy) {
            return setting("bufferRecycling", strategy == BufferRecycleStrategy.HYBRID_POOL);
        }

        @Override
        public Jsonb.Builder adapter(JsonStream streamAdapter) {
            return setting("adapter", false);
        }

        @Override
        public Jsonb.Builder classLoader(ClassLoader classLoader) {
            return this;
        }

        @Override
        public Jsonb build() {
            return owner;
        }

        private Jsonb.Builder setting(String name, boolean isDefault) {
            if (!isDefault) {
                throw new IllegalArgumentException("Register a JSON component: it changes the codec setting " + name
                        + ", but thaw's codec keeps avaje's defaults; configure the type's adapter instead");
            }
            return this;
        }
    }

    /** One exact-type registration: an adapter, a supplier of one, or a builder given the codec. */
    private static final class Registration {
        private final JsonAdapter<?> adapter;
        private final Supplier<? extends JsonAdapter<?>> supplier;
        private final AdapterBuilder builder;

        Registration(JsonAdapter<?> adapter, Supplier<? extends JsonAdapter<?>> supplier, AdapterBuilder builder) {
            this.adapter = adapter;
            this.supplier = supplier;
            this.builder = builder;
        }

        JsonAdapter<?> create(Jsonb jsonb) {
            if (adapter != null) {
                return adapter;
            }
            // Null-safe, as avaje wraps suppliers and builders.
            return supplier != null
                    ? supplier.get().nullSafe()
                    : builder.build(jsonb).nullSafe();
        }
    }
}
