package dev.thaw.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * The managed runtime's per-invocation context as a test hands it to a {@link StreamHandler}: a request
 * id, the invoked ARN and the time left, the rest as a small function would have it.
 */
final class FakeLambdaContext implements Context {

    static final String ARN = "arn:aws:lambda:eu-west-1:210987654321:function:users-api:7";

    private final String requestId;
    private final int remainingMillis;

    FakeLambdaContext(String requestId, int remainingMillis) {
        this.requestId = requestId;
        this.remainingMillis = remainingMillis;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/users-api";
    }

    @Override
    public String getLogStreamName() {
        return "2024/05/24/[7]0123456789abcdef0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return "users-api";
    }

    @Override
    public String getFunctionVersion() {
        return "7";
    }

    @Override
    public String getInvokedFunctionArn() {
        return ARN;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
