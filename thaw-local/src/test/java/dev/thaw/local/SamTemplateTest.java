package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamTemplateTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "users-api, UsersApi",
        "shop, Shop",
        "my_app.v2, MyAppV2",
        "orders--API, OrdersAPI",
        "3d-printer, 3dPrinter",
        "--, Function",
    })
    void namesTheFunctionAfterTheArtifactIdInPascalCase(String artifactId, String logicalId) {
        assertThat(SamTemplate.logicalId(artifactId)).isEqualTo(logicalId);
    }

    @Test
    void writesOneFunctionOnProvidedAl2023BehindAnHttpApi() {
        PackageOptions options = PackageOptions.parse(List.of("app", "--memory", "768", "--timeout", "15"), "aarch64");

        assertThat(SamTemplate.yaml("users-api", "function.zip", options)).isEqualTo("""
                        AWSTemplateFormatVersion: '2010-09-09'
                        Transform: AWS::Serverless-2016-10-31
                        Description: 'users-api, packaged by thaw for Lambda''s provided.al2023 runtime'

                        Resources:
                          UsersApi:
                            Type: AWS::Serverless::Function
                            Properties:
                              Description: 'users-api (thaw)'
                              Runtime: provided.al2023
                              Handler: bootstrap
                              CodeUri: function.zip
                              MemorySize: 768
                              Timeout: 15
                              Architectures:
                                - arm64
                              Events:
                                Api:
                                  Type: HttpApi
                                  Properties:
                                    Path: /{proxy+}
                                    Method: ANY
                                    PayloadFormatVersion: '2.0'

                        Outputs:
                          UsersApiUrl:
                            Description: Base URL of the HTTP API in front of UsersApi
                            Value: !Sub 'https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/'
                        """);
    }

    @Test
    void addsNoFunctionUrl() {
        String yaml = SamTemplate.yaml("shop", "function.zip", PackageOptions.parse(List.of("app"), "amd64"));

        assertThat(yaml).doesNotContain("FunctionUrlConfig").containsOnlyOnce("AWS::Serverless::Function");
    }
}
