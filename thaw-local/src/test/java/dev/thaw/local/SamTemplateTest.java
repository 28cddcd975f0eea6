package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SamTemplateTest {

    private static final String HANDLER = "dev.thaw.examples.users.UsersHandler";

    @TempDir
    Path tmp;

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
    void writesOnlyTheProvidedAl2023FunctionBehindItsHttpApiWithoutAHandler() {
        PackageOptions options = PackageOptions.parse(List.of("app", "--memory", "768", "--timeout", "15"), "aarch64");

        assertThat(SamTemplate.yaml("users-api", "function.zip", options, null)).isEqualTo("""
                        AWSTemplateFormatVersion: '2010-09-09'
                        Transform: AWS::Serverless-2016-10-31
                        Description: 'users-api, packaged by thaw for Lambda''s provided.al2023 runtime'

                        Resources:
                          UsersApiHttpApi:
                            Type: AWS::Serverless::HttpApi
                            Properties:
                              Description: HTTP API in front of UsersApi, every path and method
                          UsersApi:
                            Type: AWS::Serverless::Function
                            Properties:
                              Description: 'users-api (thaw, provided.al2023)'
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
                                    ApiId: !Ref UsersApiHttpApi
                                    Path: /{proxy+}
                                    Method: ANY
                                    PayloadFormatVersion: '2.0'

                        Outputs:
                          UsersApiUrl:
                            Description: Base URL of the HTTP API in front of UsersApi
                            Value: !Sub 'https://${UsersApiHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/'
                        """);
    }

    @Test
    void addsTheManagedJavaFunctionWithSnapStartOnTheSameZipBehindItsOwnHttpApi() {
        PackageOptions options = PackageOptions.parse(List.of("app", "--memory", "768", "--timeout", "15"), "aarch64");

        String yaml = SamTemplate.yaml("users-api", "function.zip", options, HANDLER);

        assertThat(yaml).startsWith("""
                        AWSTemplateFormatVersion: '2010-09-09'
                        Transform: AWS::Serverless-2016-10-31
                        Description: 'users-api, packaged by thaw for Lambda''s provided.al2023 and java21 runtimes'

                        Resources:
                          UsersApiHttpApi:
                        """).contains("""
                                    PayloadFormatVersion: '2.0'

                          UsersApiJavaHttpApi:
                            Type: AWS::Serverless::HttpApi
                            Properties:
                              Description: HTTP API in front of UsersApiJava, every path and method
                          UsersApiJava:
                            Type: AWS::Serverless::Function
                            Properties:
                              Description: 'users-api (thaw, java21 with SnapStart)'
                              Runtime: java21
                              Handler: dev.thaw.examples.users.UsersHandler::handleRequest
                              CodeUri: function.zip
                              MemorySize: 768
                              Timeout: 15
                              Architectures:
                                - arm64
                              SnapStart:
                                ApplyOn: PublishedVersions
                              AutoPublishAlias: live
                              Environment:
                                Variables:
                                  JAVA_TOOL_OPTIONS: '-XX:+TieredCompilation -XX:TieredStopAtLevel=1'
                              Events:
                                Api:
                                  Type: HttpApi
                                  Properties:
                                    ApiId: !Ref UsersApiJavaHttpApi
                                    Path: /{proxy+}
                                    Method: ANY
                                    PayloadFormatVersion: '2.0'

                        Outputs:
                          UsersApiUrl:
                            Description: Base URL of the HTTP API in front of UsersApi
                            Value: !Sub 'https://${UsersApiHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/'
                          UsersApiJavaUrl:
                            Description: Base URL of the HTTP API in front of UsersApiJava
                            Value: !Sub 'https://${UsersApiJavaHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/'
                        """).endsWith("/'\n");
    }

    @Test
    void declaresEachFunctionWithItsRuntimeHandlerAndOwnApiAsNestedKeys() {
        Map<String, String> keys = keys(SamTemplate.yaml(
                "shop", "function.zip", PackageOptions.parse(List.of("app"), "amd64"), "shop.Orders$Handler"));

        assertThat(keys)
                .contains(
                        entry("AWSTemplateFormatVersion", "'2010-09-09'"),
                        entry("Transform", "AWS::Serverless-2016-10-31"),
                        entry("Resources.ShopHttpApi.Type", "AWS::Serverless::HttpApi"),
                        entry("Resources.Shop.Type", "AWS::Serverless::Function"),
                        entry("Resources.Shop.Properties.Runtime", "provided.al2023"),
                        entry("Resources.Shop.Properties.Handler", "bootstrap"),
                        entry("Resources.Shop.Properties.CodeUri", "function.zip"),
                        entry("Resources.Shop.Properties.Architectures[0]", "x86_64"),
                        entry("Resources.Shop.Properties.Events.Api.Type", "HttpApi"),
                        entry("Resources.Shop.Properties.Events.Api.Properties.ApiId", "!Ref ShopHttpApi"),
                        entry("Resources.ShopJavaHttpApi.Type", "AWS::Serverless::HttpApi"),
                        entry("Resources.ShopJava.Type", "AWS::Serverless::Function"),
                        entry("Resources.ShopJava.Properties.Runtime", "java21"),
                        entry("Resources.ShopJava.Properties.Handler", "shop.Orders$Handler::handleRequest"),
                        entry("Resources.ShopJava.Properties.CodeUri", "function.zip"),
                        entry("Resources.ShopJava.Properties.MemorySize", "512"),
                        entry("Resources.ShopJava.Properties.Timeout", "10"),
                        entry("Resources.ShopJava.Properties.Architectures[0]", "x86_64"),
                        entry("Resources.ShopJava.Properties.SnapStart.ApplyOn", "PublishedVersions"),
                        entry("Resources.ShopJava.Properties.AutoPublishAlias", "live"),
                        entry(
                                "Resources.ShopJava.Properties.Environment.Variables.JAVA_TOOL_OPTIONS",
                                "'-XX:+TieredCompilation -XX:TieredStopAtLevel=1'"),
                        entry("Resources.ShopJava.Properties.Events.Api.Properties.ApiId", "!Ref ShopJavaHttpApi"),
                        entry("Resources.ShopJava.Properties.Events.Api.Properties.PayloadFormatVersion", "'2.0'"))
                .containsKeys("Outputs.ShopUrl.Value", "Outputs.ShopJavaUrl.Value");
        assertThat(keys.get("Outputs.ShopJavaUrl.Value")).contains("${ShopJavaHttpApi}");
    }

    @Test
    void addsNoFunctionUrl() {
        String yaml = SamTemplate.yaml("shop", "function.zip", PackageOptions.parse(List.of("app"), "amd64"), HANDLER);

        assertThat(yaml).doesNotContain("FunctionUrlConfig").containsOnlyOnce("Runtime: java21");
        assertThat(keys(yaml).keySet()).filteredOn(key -> key.endsWith(".Type")).hasSize(6);
    }

    /** PyYAML, when this machine has it: the template parses as YAML, with CloudFormation's tags. */
    @ParameterizedTest(name = "handler {0}")
    @ValueSource(booleans = {false, true})
    void parsesAsYamlWithPyYaml(boolean withHandler) throws Exception {
        assumeTrue(exitsZero("python3", "-c", "import yaml"), "python3 with PyYAML is not installed");
        Path template = Files.writeString(
                tmp.resolve("template.yaml"),
                SamTemplate.yaml(
                        "users-api",
                        "function.zip",
                        PackageOptions.parse(List.of("app"), "amd64"),
                        withHandler ? HANDLER : null));
        String script = """
                import sys, yaml
                yaml.SafeLoader.add_multi_constructor('!', lambda loader, tag, node: '!' + tag + ' ' + node.value)
                t = yaml.safe_load(open(sys.argv[1]))
                for name, resource in sorted(t['Resources'].items()):
                    p = resource.get('Properties', {})
                    print(name, resource['Type'], p.get('Runtime'), p.get('Handler'), p.get('CodeUri'),
                          p.get('Events', {}).get('Api', {}).get('Properties', {}).get('ApiId'))
                print('outputs', ' '.join(sorted(t['Outputs'])))
                """;

        String printed = run("python3", "-c", script, template.toString());

        List<String> expected = withHandler
                ? List.of(
                        "UsersApi AWS::Serverless::Function provided.al2023 bootstrap function.zip !Ref UsersApiHttpApi",
                        "UsersApiHttpApi AWS::Serverless::HttpApi None None None None",
                        "UsersApiJava AWS::Serverless::Function java21 " + HANDLER
                                + "::handleRequest function.zip !Ref UsersApiJavaHttpApi",
                        "UsersApiJavaHttpApi AWS::Serverless::HttpApi None None None None",
                        "outputs UsersApiJavaUrl UsersApiUrl")
                : List.of(
                        "UsersApi AWS::Serverless::Function provided.al2023 bootstrap function.zip !Ref UsersApiHttpApi",
                        "UsersApiHttpApi AWS::Serverless::HttpApi None None None None",
                        "outputs UsersApiUrl");
        assertThat(printed.lines()).containsExactlyElementsOf(expected);
    }

    private static final Pattern KEY_LINE = Pattern.compile("( *)(- )?([A-Za-z0-9_]+):(?: (.*))?");
    private static final Pattern ITEM_LINE = Pattern.compile("( *)- (.+)");

    /**
     * Reads the block mappings and sequences the template uses into dotted paths and their scalar values,
     * failing on a tab, an odd indentation, a child indented more than one level below its parent, or a
     * child under a key that has a value.
     */
    static Map<String, String> keys(String yaml) {
        Map<String, String> keys = new LinkedHashMap<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<Integer> indents = new ArrayDeque<>();
        Map<String, Integer> items = new LinkedHashMap<>();
        int lineNumber = 0;
        boolean parentOpen = true;
        for (String line : yaml.split("\n", -1)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String where = "line " + lineNumber + " '" + line + "'";
            assertThat(line).as(where).doesNotContain("\t").doesNotEndWith(" ");
            int indent = line.length() - line.stripLeading().length();
            assertThat(indent % 2).as("odd indentation at " + where).isZero();
            int parentIndent = indents.isEmpty() ? -2 : indents.peek();
            if (indent > parentIndent) {
                assertThat(parentOpen)
                        .as("child of a key with a value at " + where)
                        .isTrue();
                assertThat(indent).as("indented too deep at " + where).isEqualTo(parentIndent + 2);
            }
            while (!indents.isEmpty() && indents.peek() >= indent) {
                indents.pop();
                path.pop();
            }
            String parent = String.join(".", path.reversed());
            Matcher key = KEY_LINE.matcher(line);
            Matcher item = ITEM_LINE.matcher(line);
            if (key.matches() && key.group(2) == null) {
                String name = (parent.isEmpty() ? "" : parent + ".") + key.group(3);
                assertThat(keys).as("duplicate key at " + where).doesNotContainKey(name);
                parentOpen = key.group(4) == null;
                keys.put(name, parentOpen ? "" : key.group(4));
                path.push(key.group(3));
                indents.push(indent);
            } else if (item.matches()) {
                int index = items.merge(parent, 1, Integer::sum) - 1;
                keys.put(parent + "[" + index + "]", item.group(2));
            } else {
                throw new AssertionError("neither a key nor a list item: " + where);
            }
        }
        return keys;
    }

    private static boolean exitsZero(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + " printed:\n" + output)
                .isZero();
        return output;
    }
}
