package dev.thaw.local;

import java.util.Locale;

/**
 * The front end the emulator plays: which event an HTTP request becomes and how the function's answer is
 * turned back into HTTP. Named on the command line by {@link #option()}.
 */
enum EventFormat {
    /** API Gateway HTTP API, payload format 2.0. */
    HTTP_API("v2", "API Gateway HTTP API, payload 2.0", 6 * 1024 * 1024),
    /** API Gateway REST API, Lambda proxy integration (payload format 1.0). */
    REST("v1", "API Gateway REST API, payload 1.0", 6 * 1024 * 1024),
    /** Lambda Function URL (payload format 2.0, response streaming when the function streams). */
    FUNCTION_URL("url", "Lambda Function URL", 6 * 1024 * 1024),
    /** Application Load Balancer target group, multi-value headers off (ALB's default). */
    ALB("alb", "Application Load Balancer", 1024 * 1024),
    /** Application Load Balancer target group with multi-value headers on. */
    ALB_MULTI_VALUE("alb", "Application Load Balancer, multi-value headers", 1024 * 1024);

    /** Lambda's limit for a synchronous invocation's payload, the event. */
    static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;

    private final String option;
    private final String description;
    private final int maxBody;

    EventFormat(String option, String description, int maxBody) {
        this.option = option;
        this.description = description;
        this.maxBody = maxBody;
    }

    /** Returns the name {@code --event-format} takes: {@code v2}, {@code v1}, {@code url} or {@code alb}. */
    String option() {
        return option;
    }

    /** Returns what the front end is, for banners and messages. */
    String description() {
        return description;
    }

    /**
     * Returns the largest request body the front end passes on: ALB's 1 MB for Lambda targets, else Lambda's
     * 6 MB invocation payload.
     */
    int maxBody() {
        return maxBody;
    }

    /** Returns whether this is one of the two ALB modes. */
    boolean isAlb() {
        return this == ALB || this == ALB_MULTI_VALUE;
    }

    /**
     * Returns the format {@code --event-format} names.
     *
     * @param multiValue whether {@code --alb-multi-value} was given (only valid with {@code alb})
     * @throws IllegalArgumentException naming the accepted values
     */
    static EventFormat of(String option, boolean multiValue) {
        EventFormat format = switch (option.toLowerCase(Locale.ROOT)) {
            case "v2" -> HTTP_API;
            case "v1" -> REST;
            case "url" -> FUNCTION_URL;
            case "alb" -> multiValue ? ALB_MULTI_VALUE : ALB;
            default -> throw new IllegalArgumentException("needs v2, v1, url or alb, got '" + option + "'");
        };
        if (multiValue && !format.isAlb()) {
            throw new IllegalArgumentException("--alb-multi-value needs --event-format alb, got " + option);
        }
        return format;
    }
}
