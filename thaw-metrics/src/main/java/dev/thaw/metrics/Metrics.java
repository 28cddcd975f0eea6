package dev.thaw.metrics;

import dev.thaw.Context;
import dev.thaw.Request;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics one invocation records, written with the built-in ones as a single Embedded Metric Format line
 * when the invocation ends. Reach it from the request; it is safe to use from several threads of one
 * invocation, and never shared between invocations.
 *
 * <pre>{@code
 * Metrics.of(request)
 *         .dimension("Plan", user.plan())          // a dimension of this invocation's own metrics
 *         .count("UsersCreated")                   // 1, unit Count
 *         .put("PayloadSize", body.length, Unit.BYTES)
 *         .property("userId", user.id());          // searchable in the log, not a dimension
 * }</pre>
 *
 * <p>Recording a metric again adds a value (CloudWatch sums or averages them); at most 100 values per metric
 * and 30 dimensions in all. Names must be unique across metrics, dimensions and properties. Without an
 * {@link EmfMetrics} middleware around the invocation every call is checked and then dropped, so handlers
 * can be tested alone.
 */
public final class Metrics {

    static final int MAX_VALUES = 100;
    static final int MAX_DIMENSIONS = 30;

    private static final ConcurrentHashMap<Context, Metrics> ACTIVE = new ConcurrentHashMap<>();
    private static final Metrics DISCARDING = new Metrics(null);

    private final EmfMetrics owner;
    private final Map<String, Series> metrics = new LinkedHashMap<>();
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private boolean closed;

    private Metrics(EmfMetrics owner) {
        this.owner = owner;
    }

    /**
     * Returns the metrics of {@code request}'s invocation.
     *
     * @param request a request of the current invocation (before or after routing)
     * @return its metrics; one that drops everything when no {@link EmfMetrics} middleware runs
     */
    public static Metrics of(Request request) {
        return of(request.context());
    }

    /**
     * Returns the metrics of the invocation {@code context} belongs to.
     *
     * @param context the invocation's context
     * @return its metrics; one that drops everything when no {@link EmfMetrics} middleware runs
     */
    public static Metrics of(Context context) {
        Metrics active = ACTIVE.get(Objects.requireNonNull(context, "context"));
        return active != null ? active : DISCARDING;
    }

    /** Returns whether what is recorded here will be written (false outside the metrics middleware). */
    public boolean isRecording() {
        return owner != null;
    }

    /**
     * Counts one occurrence of {@code name} (value 1, unit {@link Unit#COUNT}).
     *
     * @throws IllegalArgumentException when the name is invalid or already used for something else
     */
    public Metrics count(String name) {
        return put(name, 1, Unit.COUNT);
    }

    /**
     * Records a value of metric {@code name}.
     *
     * @param name 1 to 255 characters, not a built-in metric, dimension or property name
     * @param value a finite number
     * @param unit the unit, the same every time the metric is recorded
     * @return this
     * @throws IllegalArgumentException when the name or value is invalid, the unit differs from the metric's
     *     earlier one, or the name is used for something else
     * @throws IllegalStateException when the metric already has 100 values in this invocation
     */
    public Metrics put(String name, double value, Unit unit) {
        checkName("metric", name, 255);
        Objects.requireNonNull(unit, "unit");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Record metric " + name + ": value must be finite, was " + value);
        }
        if (owner == null) {
            return this;
        }
        synchronized (this) {
            if (closed) {
                return this;
            }
            Series series = metrics.get(name);
            if (series == null) {
                checkFree("metric", name);
                series = new Series(unit);
                metrics.put(name, series);
            } else if (series.unit != unit) {
                throw new IllegalArgumentException("Record metric " + name + " in " + unit.text()
                        + ": it was recorded in " + series.unit.text() + " earlier in this invocation");
            }
            if (series.size == MAX_VALUES) {
                throw new IllegalStateException("Record metric " + name + ": it already has " + MAX_VALUES
                        + " values in this invocation, the most one Embedded Metric Format line may carry");
            }
            series.add(value);
        }
        return this;
    }

    /**
     * Adds a dimension to the metrics this invocation records itself (the built-in ones keep the middleware's
     * dimensions). Setting it again replaces its value.
     *
     * @param name 1 to 255 ASCII characters, not starting with {@code ':'}
     * @param value 1 to 1024 ASCII characters, not all blank
     * @return this
     * @throws IllegalArgumentException when the name or value is invalid, the name is used for something else,
     *     or the invocation already has 30 dimensions
     */
    public Metrics dimension(String name, String value) {
        checkName("dimension", name, 255);
        checkAscii("dimension", name, name);
        if (name.charAt(0) == ':') {
            throw new IllegalArgumentException("Add dimension " + name + ": a dimension name must not start with ':'");
        }
        checkName("value of dimension " + name + ",", value, 1024);
        checkAscii("dimension", name, value);
        if (owner == null) {
            return this;
        }
        synchronized (this) {
            if (closed) {
                return this;
            }
            if (!dimensions.containsKey(name)) {
                checkFree("dimension", name);
                if (owner.dimensionCount() + dimensions.size() == MAX_DIMENSIONS) {
                    throw new IllegalArgumentException("Add dimension " + name + ": a metric may have at most "
                            + MAX_DIMENSIONS + " dimensions, this invocation's already has " + MAX_DIMENSIONS);
                }
            }
            dimensions.put(name, value);
        }
        return this;
    }

    /**
     * Adds a property: a member of the log line, searchable with Logs Insights, that is neither a metric nor a
     * dimension (a user id, an order total). Setting it again replaces its value.
     *
     * @param name 1 to 255 characters, not a built-in property ({@code requestId}, {@code statusCode})
     * @param value a string, number or boolean; anything else is written as its {@code toString()}
     * @return this
     * @throws IllegalArgumentException when the name is invalid or used for something else, or the value is
     *     null or a non-finite number
     */
    public Metrics property(String name, Object value) {
        checkName("property", name, 255);
        Objects.requireNonNull(value, "value");
        if (value instanceof Double || value instanceof Float) {
            if (!Double.isFinite(((Number) value).doubleValue())) {
                throw new IllegalArgumentException("Add property " + name + ": value must be finite, was " + value);
            }
        } else if (!(value instanceof Number || value instanceof Boolean || value instanceof String)) {
            value = value.toString();
        }
        if (owner == null) {
            return this;
        }
        synchronized (this) {
            if (closed) {
                return this;
            }
            if (!properties.containsKey(name)) {
                checkFree("property", name);
            }
            properties.put(name, value);
        }
        return this;
    }

    /** Starts recording for the invocation of {@code context}; null when something else already records it. */
    static Metrics begin(Context context, EmfMetrics owner) {
        Metrics metrics = new Metrics(owner);
        return ACTIVE.putIfAbsent(context, metrics) == null ? metrics : null;
    }

    /** Stops recording for the invocation of {@code context}: later calls are dropped. */
    void close(Context context) {
        ACTIVE.remove(context, this);
        synchronized (this) {
            closed = true;
        }
    }

    /** Returns the line of what was recorded up to {@link #close}. */
    String line(Context context, long startMillis, double durationMillis, int status) {
        synchronized (this) {
            return EmfLine.write(
                    owner,
                    startMillis,
                    context.coldStart(),
                    durationMillis,
                    status,
                    context.requestId(),
                    metrics,
                    dimensions,
                    properties);
        }
    }

    static int activeCount() {
        return ACTIVE.size();
    }

    /** Rejects {@code name} when the line already uses it for a member of another kind. */
    private void checkFree(String kind, String name) {
        String taken = owner.reservedKind(name);
        if (taken == null) {
            taken = metrics.containsKey(name)
                    ? "a metric"
                    : dimensions.containsKey(name) ? "a dimension" : properties.containsKey(name) ? "a property" : null;
        }
        if (taken != null) {
            throw new IllegalArgumentException("Add " + kind + " " + name + ": the name is already " + taken
                    + " of this invocation's metrics line; choose another");
        }
    }

    static void checkName(String kind, String name, int maxLength) {
        if (name == null || name.isBlank() || name.length() > maxLength) {
            throw new IllegalArgumentException(
                    "Add " + kind + " '" + name + "': must be 1 to " + maxLength + " characters and not blank");
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20) {
                throw new IllegalArgumentException(
                        "Add " + kind + " '" + name + "': must not contain control characters");
            }
        }
    }

    private static void checkAscii(String kind, String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7e) {
                throw new IllegalArgumentException("Add " + kind + " " + name + ": CloudWatch takes only ASCII in"
                        + " dimension names and values, got '" + text + "'");
            }
        }
    }

    /** The values one metric has collected so far. */
    static final class Series {
        final Unit unit;
        double[] values = new double[2];
        int size;

        Series(Unit unit) {
            this.unit = unit;
        }

        void add(double value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, Math.min(MAX_VALUES, size * 2));
            }
            values[size++] = value;
        }
    }
}
