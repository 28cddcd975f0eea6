package dev.thaw.local;

/**
 * Writes the SAM template that deploys a packaged function: one {@code AWS::Serverless::Function} on
 * {@code provided.al2023} behind an HTTP API that sends every path and method to it.
 */
final class SamTemplate {

    private SamTemplate() {}

    /**
     * Returns the template for an application.
     *
     * @param artifactId the application's artifactId, which names the function
     * @param codeUri the zip, relative to the template
     */
    static String yaml(String artifactId, String codeUri, PackageOptions options) {
        String id = logicalId(artifactId);
        return """
                AWSTemplateFormatVersion: '2010-09-09'
                Transform: AWS::Serverless-2016-10-31
                Description: %2$s

                Resources:
                  %1$s:
                    Type: AWS::Serverless::Function
                    Properties:
                      Description: %7$s
                      Runtime: provided.al2023
                      Handler: bootstrap
                      CodeUri: %3$s
                      MemorySize: %4$d
                      Timeout: %5$d
                      Architectures:
                        - %6$s
                      Events:
                        Api:
                          Type: HttpApi
                          Properties:
                            Path: /{proxy+}
                            Method: ANY
                            PayloadFormatVersion: '2.0'

                Outputs:
                  %1$sUrl:
                    Description: Base URL of the HTTP API in front of %1$s
                    Value: !Sub 'https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/'
                """.formatted(
                        id,
                        quoted(artifactId + ", packaged by thaw for Lambda's provided.al2023 runtime"),
                        codeUri,
                        options.memory(),
                        options.timeout(),
                        options.arch(),
                        quoted(artifactId + " (thaw)"));
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
