package dev.thaw.local;

/**
 * Writes the SAM template that deploys a packaged function. It always declares the function on
 * {@code provided.al2023} ({@code bootstrap} starts thaw's own Runtime API loop); when the application has
 * a {@code StreamHandler} subclass it also declares the same zip on the managed {@code java21} runtime
 * with SnapStart, which ignores {@code bootstrap} and puts {@code lib/*.jar} on its class path. Each
 * function gets its own HTTP API that sends every path and method to it, and an output with its URL.
 */
final class SamTemplate {

    /** The suffix of the managed-runtime function's logical id. */
    static final String JAVA_SUFFIX = "Java";

    /** The suffix of the logical id of a function's HTTP API. */
    static final String API_SUFFIX = "HttpApi";

    /** The managed runtime the second function runs on. */
    static final String JAVA_RUNTIME = "java21";

    private SamTemplate() {}

    /**
     * Returns the template for an application.
     *
     * @param artifactId the application's artifactId, which names the functions
     * @param codeUri the zip, relative to the template
     * @param handler the binary name of the application's {@code StreamHandler} subclass, or null to
     *     declare only the {@code provided.al2023} function
     */
    static String yaml(String artifactId, String codeUri, PackageOptions options, String handler) {
        String id = logicalId(artifactId);
        StringBuilder yaml = new StringBuilder();
        yaml.append("AWSTemplateFormatVersion: '2010-09-09'\n")
                .append("Transform: AWS::Serverless-2016-10-31\n")
                .append("Description: ")
                .append(quoted(artifactId + ", packaged by thaw for Lambda's "
                        + (handler == null
                                ? "provided.al2023 runtime"
                                : "provided.al2023 and " + JAVA_RUNTIME + " runtimes")))
                .append("\n\nResources:\n");
        yaml.append(function(
                id,
                quoted(artifactId + " (thaw, provided.al2023)"),
                "provided.al2023",
                "bootstrap",
                codeUri,
                options,
                ""));
        if (handler != null) {
            yaml.append('\n')
                    .append(function(
                            id + JAVA_SUFFIX,
                            quoted(artifactId + " (thaw, " + JAVA_RUNTIME + " with SnapStart)"),
                            JAVA_RUNTIME,
                            ManagedHandlers.handlerSetting(handler),
                            codeUri,
                            options,
                            // C1 only: shorter start-up and restore for short-lived invocations, at the
                            // cost of peak throughput, as AWS advises for the managed Java runtime
                            """
                                  SnapStart:
                                    ApplyOn: PublishedVersions
                                  AutoPublishAlias: live
                                  Environment:
                                    Variables:
                                      JAVA_TOOL_OPTIONS: '-XX:+TieredCompilation -XX:TieredStopAtLevel=1'
                            """));
        }
        yaml.append("\nOutputs:\n").append(url(id));
        if (handler != null) {
            yaml.append(url(id + JAVA_SUFFIX));
        }
        return yaml.toString();
    }

    /** Returns one function and its HTTP API; {@code extra} holds further properties, indented. */
    private static String function(
            String id,
            String description,
            String runtime,
            String handler,
            String codeUri,
            PackageOptions options,
            String extra) {
        return """
                  %1$s%8$s:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      Description: HTTP API in front of %1$s, every path and method
                  %1$s:
                    Type: AWS::Serverless::Function
                    Properties:
                      Description: %2$s
                      Runtime: %3$s
                      Handler: %4$s
                      CodeUri: %5$s
                      MemorySize: %6$d
                      Timeout: %7$d
                      Architectures:
                        - %9$s
                %10$s      Events:
                        Api:
                          Type: HttpApi
                          Properties:
                            ApiId: !Ref %1$s%8$s
                            Path: /{proxy+}
                            Method: ANY
                            PayloadFormatVersion: '2.0'
                """.formatted(
                        id,
                        description,
                        runtime,
                        handler,
                        codeUri,
                        options.memory(),
                        options.timeout(),
                        API_SUFFIX,
                        options.arch(),
                        extra);
    }

    private static String url(String id) {
        return """
                  %1$sUrl:
                    Description: Base URL of the HTTP API in front of %1$s
                    Value: !Sub 'https://${%1$s%2$s}.execute-api.${AWS::Region}.${AWS::URLSuffix}/'
                """.formatted(id, API_SUFFIX);
    }

    /**
     * Returns the CloudFormation logical id for an artifactId: its letters and digits in PascalCase
     * ({@code users-api} → {@code UsersApi}); {@code Function} when it has none.
     */
    static String logicalId(String artifactId) {
        StringBuilder id = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < artifactId.length(); i++) {
            char c = artifactId.charAt(i);
            // CloudFormation allows only A-Z, a-z and 0-9 in logical ids
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                id.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return id.isEmpty() ? "Function" : id.toString();
    }

    /** Returns {@code text} as a single-quoted YAML scalar, in which only the quote itself needs escaping. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
