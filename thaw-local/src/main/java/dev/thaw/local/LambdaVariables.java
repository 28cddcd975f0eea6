package dev.thaw.local;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The environment Lambda gives a {@code provided.al2023} function process: its reserved variables
 * ({@code AWS_LAMBDA_RUNTIME_API}, function name, version, memory, log group and stream, region,
 * {@code _HANDLER}, {@code LAMBDA_TASK_ROOT}, the initialization type), {@code TZ}, {@code LANG} and
 * {@code PATH}, then the function's own variables. There is no {@code AWS_EXECUTION_ENV} (Lambda defines
 * none for OS-only runtimes) and no timeout variable (Lambda has none).
 */
final class LambdaVariables {

    private static final List<String> PASSED_THROUGH = List.of(
            "HOME",
            "USER",
            "TMPDIR",
            "THAW_JAVA_OPTS",
            "AWS_PROFILE",
            "AWS_CONFIG_FILE",
            "AWS_SHARED_CREDENTIALS_FILE",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN");
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private LambdaVariables() {}

    /** Fills in Lambda's variables for a {@code provided.al2023} function, then the function's own. */
    static void fill(Map<String, String> env, FunctionConfig config, String runtimeApi) {
        Map<String, String> inherited = Map.copyOf(env);
        // Lambda starts the runtime with its own variables only; a few of the caller's let the function
        // reach AWS with the developer's credentials and keep tools working.
        env.clear();
        env.put("PATH", inherited.getOrDefault("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin"));
        for (String name : PASSED_THROUGH) {
            String value = inherited.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        String taskRoot = config.functionDir().toAbsolutePath().toString();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", config.region());
        env.put("AWS_DEFAULT_REGION", config.region());
        env.put("_HANDLER", "bootstrap");
        env.put("LAMBDA_TASK_ROOT", taskRoot);
        // Lambda's /var/runtime holds nothing a provided.al2023 function uses; locally there is none
        env.put("LAMBDA_RUNTIME_DIR", taskRoot);
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("JAVA_HOME", config.javaHome().toString());
        env.putAll(config.environment());
    }

    /** Returns a stream name shaped like Lambda's: {@code 2025/01/31/[$LATEST]<32 hex digits>}. */
    static String logStreamName() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE) + "/[$LATEST]"
                + HexFormat.of().formatHex(id);
    }
}
