#!/bin/sh
# Measures AWS's documented Java path for Lambda next to thaw, in one interleaved `thaw bench` run.
#
#   scripts/aws-java-baseline.sh [--runs N]
#
# Builds, from Maven Central artifacts only, a comparison function as AWS documents it: a
# RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> (aws-lambda-java-events) that answers
# GET /users/{id} with a user serialised by Jackson's ObjectMapper, started by AWS's runtime interface
# client with the managed runtime's flags (C1, SerialGC). Next to it, thaw's managed-runtime path: the same
# client running examples/users-api's UsersHandler on the packaged jars. Both become function directories
# with a `bootstrap`, measured by `thaw bench --function` against the same emulator as thaw's tuned+aot
# package and the floor (cold = process start -> first response posted to the Runtime API).
# Prints bench's table and the ratio AWS path / thaw managed-runtime path.
#
# Needs examples/users-api packaged (`./thaw package examples/users-api`) and the CLI jar built
# (thaw-local/target/thaw-local.jar); uses JAVA_HOME (JDK 25) and mvn (Maven Central for the first build).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=10
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    *) echo "aws-java-baseline: unknown argument '$1'; usage: scripts/aws-java-baseline.sh [--runs N]" >&2; exit 2 ;;
  esac
done

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/javac" ] || { echo "aws-java-baseline: no JDK at JAVA_HOME=$JAVA_HOME: set JAVA_HOME to a JDK 25" >&2; exit 1; }
export JAVA_HOME
APP=$ROOT/examples/users-api
FUNCTION=$APP/target/function
CLI=$ROOT/thaw-local/target/thaw-local.jar
[ -f "$FUNCTION/bootstrap" ] || { echo "aws-java-baseline: $FUNCTION is missing: run ./thaw package examples/users-api first" >&2; exit 1; }
[ -f "$CLI" ] || { echo "aws-java-baseline: $CLI is missing: build thaw-local first (mvn -pl thaw-local package)" >&2; exit 1; }

# Versions of the comparison function (Maven Central); the client is the one thaw tests against.
RIC_VERSION=2.10.1
CORE_VERSION=1.4.0
EVENTS_VERSION=3.16.1
JACKSON_VERSION=2.22.4
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.11.0

WORK=$APP/target/aws-java-baseline
rm -rf "$WORK"
mkdir -p "$WORK/src/baseline" "$WORK/classes" "$WORK/aws-documented/lib" "$WORK/thaw-managed/lib"

cat > "$WORK/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.thaw.bench</groupId>
  <artifactId>aws-java-baseline</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>com.amazonaws</groupId><artifactId>aws-lambda-java-core</artifactId><version>$CORE_VERSION</version></dependency>
    <dependency><groupId>com.amazonaws</groupId><artifactId>aws-lambda-java-events</artifactId><version>$EVENTS_VERSION</version></dependency>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>$JACKSON_VERSION</version></dependency>
    <dependency><groupId>com.amazonaws</groupId><artifactId>aws-lambda-java-runtime-interface-client</artifactId><version>$RIC_VERSION</version></dependency>
  </dependencies>
</project>
EOF

cat > "$WORK/src/baseline/UsersHandler.java" <<'EOF'
package baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** GET /users/{id} as AWS's documentation writes a Java handler: typed events and Jackson. */
public final class UsersHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The answer's body. */
    public record User(String id, String name, String email) {}

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        if (!path.startsWith("/users/") || !path.substring(7).matches("[0-9]{1,9}")) {
            return answer(404, "{\"title\":\"Not Found\"}");
        }
        String id = path.substring(7);
        try {
            return answer(200, MAPPER.writeValueAsString(new User(id, "user-" + id, "user-" + id + "@example.com")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising user " + id + ": " + e.getMessage(), e);
        }
    }

    private static APIGatewayV2HTTPResponse answer(int status, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(body)
                .build();
    }
}
EOF

echo "aws-java-baseline: resolving the comparison function's jars from Maven Central" >&2
(cd "$WORK" && mvn -q -B "$DEPENDENCY_PLUGIN:copy-dependencies" -DoutputDirectory="$WORK/aws-documented/lib" >&2)
"$JAVA_HOME/bin/javac" --release 21 -d "$WORK/classes" -cp "$WORK/aws-documented/lib/*" \
  "$WORK/src/baseline/UsersHandler.java"
"$JAVA_HOME/bin/jar" --create --file "$WORK/aws-documented/lib/baseline.jar" -C "$WORK/classes" .

# thaw's managed-runtime path: the packaged jars plus the same runtime interface client and its own
# dependencies (resolved alone, so none of the comparison function's jars come along).
mkdir -p "$WORK/ric"
sed -e 's|<artifactId>aws-java-baseline</artifactId>|<artifactId>aws-java-baseline-ric</artifactId>|' \
  -e '/aws-lambda-java-events\|jackson-databind/d' "$WORK/pom.xml" > "$WORK/ric/pom.xml"
(cd "$WORK/ric" && mvn -q -B "$DEPENDENCY_PLUGIN:copy-dependencies" -DoutputDirectory="$WORK/thaw-managed/lib" >&2)
cp "$FUNCTION"/lib/*.jar "$WORK/thaw-managed/lib/"

# Both bootstraps start the client as Lambda's managed Java runtime does (C1, SerialGC, the JDK's CDS);
# bench runs them with JAVA_HOME set to its JDK. THAW_JAVA_OPTS lets bench count loaded classes.
write_bootstrap() {
  cat > "$1/bootstrap" <<EOF
#!/bin/sh
cd "\$(dirname "\$0")" || exit 1
exec "\$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+TieredCompilation -XX:TieredStopAtLevel=1 \\
  -XX:+UseSerialGC -Xshare:auto \${THAW_JAVA_OPTS:-} -cp 'lib/*' \\
  com.amazonaws.services.lambda.runtime.api.client.AWSLambda $2
EOF
  chmod +x "$1/bootstrap"
}
write_bootstrap "$WORK/aws-documented" baseline.UsersHandler::handleRequest
write_bootstrap "$WORK/thaw-managed" dev.thaw.examples.users.UsersHandler::handleRequest

echo "aws-java-baseline: measuring ($RUNS interleaved runs)" >&2
cd "$ROOT"
"$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dthaw.home="$ROOT" -Dthaw.mvn="$(command -v mvn)" \
  -jar "$CLI" bench examples/users-api --no-build --runs "$RUNS" --warm 200 --configs tuned+aot,floor,floor+aot \
  --function "aws-documented=$WORK/aws-documented" --function "thaw-managed=$WORK/thaw-managed" \
  | tee "$WORK/bench.txt"

median() {
  awk -v name="$1" '$1 == name { print $3 }' "$WORK/bench.txt"
}
AWS=$(median aws-documented)
THAW=$(median thaw-managed)
AOT=$(median tuned+aot)
awk -v aws="$AWS" -v thaw="$THAW" -v aot="$AOT" 'BEGIN {
  printf "AWS documented path %.1f ms; thaw managed-runtime path %.1f ms (%.1f x faster); thaw tuned+aot %.1f ms (%.1f x faster)\n",
    aws, thaw, aws / thaw, aot, aws / aot
}'
