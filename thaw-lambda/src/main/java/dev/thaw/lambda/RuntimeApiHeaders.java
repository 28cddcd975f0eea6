package dev.thaw.lambda;

/** Header names of the Lambda Runtime API (2018-06-01) and Extensions API (2020-01-01), lower case. */
final class RuntimeApiHeaders {

    static final String REQUEST_ID = "lambda-runtime-aws-request-id";
    static final String DEADLINE_MS = "lambda-runtime-deadline-ms";
    static final String FUNCTION_ARN = "lambda-runtime-invoked-function-arn";
    static final String TRACE_ID = "lambda-runtime-trace-id";
    static final String CLIENT_CONTEXT = "lambda-runtime-client-context";
    static final String COGNITO_IDENTITY = "lambda-runtime-cognito-identity";
    static final String TENANT_ID = "lambda-runtime-aws-tenant-id";
    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    static final String ERROR_BODY = "Lambda-Runtime-Function-Error-Body";
    static final String RESPONSE_MODE = "Lambda-Runtime-Function-Response-Mode";
    static final String EXTENSION_NAME = "Lambda-Extension-Name";
    static final String EXTENSION_ID = "lambda-extension-identifier";
    static final String EXTENSION_ID_HEADER = "Lambda-Extension-Identifier";

    private RuntimeApiHeaders() {}
}
