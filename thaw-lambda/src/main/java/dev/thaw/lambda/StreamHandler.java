package dev.thaw.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.HttpException;
import dev.thaw.Lazy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * The entry for Lambda's managed Java runtime ({@code java21}, {@code java25}), with SnapStart. Subclass
 * it with a public no-argument constructor, return the app from {@link #createApp()} and name the class
 * as the function's handler; the runtime hands each event to {@link #handleRequest}, which decodes it
 * with the same codecs as thaw's own Runtime API loop, runs the app and writes the event source's
 * answer.
 *
 * <pre>{@code
 * public final class UsersHandler extends StreamHandler {
 *     @Override
 *     protected App createApp() {
 *         return UsersApi.app(new InMemoryUserStore(), HttpSyncClient.fromEnv(System.getenv()));
 *     }
 * }
 * }</pre>
 *
 * <p>and in the SAM template:
 *
 * <pre>{@code
 * UsersFunction:
 *   Type: AWS::Serverless::Function
 *   Properties:
 *     Runtime: java21
 *     Handler: com.example.UsersHandler::handleRequest
 *     SnapStart:
 *       ApplyOn: PublishedVersions
 * }</pre>
 *
 * <p>The app is made once, by the first invocation (or the SnapStart checkpoint, whichever comes first),
 * and shared by concurrent invocations. A handler failure is answered as thaw's own runtime answers it:
 * an {@link dev.thaw.HttpException} with its problem, anything else with a 500 problem that names the
 * request id but never the exception. An event that is not an HTTP event, or a malformed one, makes
 * {@code handleRequest} throw {@link InvalidEventException}, which the runtime reports as the invocation's
 * error.
 *
 * <p>SnapStart: when {@code org.crac:crac} is on the class path (put it in the deployment package), the
 * handler registers hooks with CRaC. Before the checkpoint it makes the app and sends the app's priming
 * requests ({@link App.Builder#prime}) through the whole chain; after each restore it runs the app's
 * restore hooks ({@link App.Builder#onRestore}), logging a failing hook rather than failing the restore.
 * Without the jar the handler works the same, without hooks.
 */
public abstract class StreamHandler implements RequestStreamHandler {

    /** The environment variable Lambda's runtimes put the invocation's trace header in. */
    static final String TRACE_ENV = "_X_AMZN_TRACE_ID";

    private final Lazy<App> app;

    // Held so the hooks stay registered (CRaC keeps weak references); typed Object so this class loads
    // without org.crac.
    private final Object snapStartHooks;

    /** Prepares the handler; the app is made later, on first use. */
    // createApp escapes only into the lazy value and the hooks, which call it after construction: the
    // runtime invokes the handler, and checkpoints, only once the subclass is built.
    @SuppressWarnings("this-escape")
    protected StreamHandler() {
        this.app = Lazy.of(new AppFactory(this));
        Object hooks;
        try {
            hooks = SnapStartHooks.register(app);
        } catch (LinkageError noCrac) {
            // org.crac is optional: without it there is no checkpoint to hook into.
            hooks = null;
        }
        this.snapStartHooks = hooks;
        JsonWarmup.start();
    }

    /**
     * Makes the application. Called once, on the first invocation or before a SnapStart checkpoint; a
     * failure is thrown to that invocation (or fails the snapshot), and the next one tries again.
     *
     * @return the application
     */
    protected abstract App createApp();

    /**
     * Answers one invocation: reads the event, decodes it for its source (API Gateway REST or HTTP API,
     * Function URL, ALB), runs the app and writes the source's JSON answer to {@code out}.
     *
     * @param in the event JSON
     * @param out where the answer JSON goes
     * @param lambdaContext the runtime's context: request id, remaining time (the deadline), invoked ARN;
     *     null (a direct call) means a fresh request id and no deadline
     * @throws InvalidEventException when the event is not an HTTP event ({@code Runtime.UnsupportedEvent})
     *     or is malformed for its source ({@code Runtime.InvalidEvent})
     * @throws IOException when reading the event, collecting a streaming body or writing the answer fails
     */
    @Override
    public final void handleRequest(
            InputStream in, OutputStream out, com.amazonaws.services.lambda.runtime.Context lambdaContext)
            throws IOException {
        byte[] event = in.readAllBytes();
        Context context = context(lambdaContext, System.currentTimeMillis());
        HttpInvocation invocation;
        try {
            invocation = HttpInvocation.decode(event, context);
        } catch (InvalidEventException e) {
            throw e;
        } catch (HttpException e) {
            throw InvalidEventException.invalid("Decode the invocation event: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw InvalidEventException.invalid("Decode the invocation event: " + e, e);
        }
        out.write(invocation.answer(app.get()));
        out.flush();
    }

    /** Returns the registered {@link SnapStartHooks}, or null without {@code org.crac}. */
    Object snapStartHooks() {
        return snapStartHooks;
    }

    /** Returns the thaw context of an invocation the managed runtime started at {@code nowMillis}. */
    static Context context(com.amazonaws.services.lambda.runtime.Context lambdaContext, long nowMillis) {
        Context.Builder context = Context.builder().traceHeader(traceHeader()).coldStart(ColdStart.claim());
        if (lambdaContext != null) {
            context.requestId(lambdaContext.getAwsRequestId())
                    .deadlineMillis(nowMillis + lambdaContext.getRemainingTimeInMillis())
                    .functionArn(lambdaContext.getInvokedFunctionArn());
        }
        return context.build();
    }

    /** Returns the trace header as the managed runtime publishes it for the current invocation, or null. */
    private static String traceHeader() {
        String header = System.getProperty(InvokeLoop.TRACE_PROPERTY);
        return header != null ? header : System.getenv(TRACE_ENV);
    }

    /** Makes the subclass's app; a named class, as a lambda would spin one at start-up. */
    private static final class AppFactory implements Supplier<App> {

        private final StreamHandler handler;

        AppFactory(StreamHandler handler) {
            this.handler = handler;
        }

        @Override
        public App get() {
            return handler.createApp();
        }
    }
}
