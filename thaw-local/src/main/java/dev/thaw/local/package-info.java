/**
 * The thaw command line: {@code start-api} serves an application locally (in direct mode, through the
 * application's own local server, until the Lambda emulator lands); {@code package} writes its Lambda
 * deployment (bootstrap, jars, zip, SAM template); {@code invoke} and {@code bench} are announced but not
 * available yet in this build.
 *
 * <p>Run it through the {@code ./thaw} launcher at the repository root, which finds JDK 25 and Maven,
 * builds what is missing and passes the repository root as {@code -Dthaw.home}:
 *
 * <pre>{@code
 * ./thaw start-api                       # examples/users-api on http://127.0.0.1:3000
 * ./thaw start-api path/to/app --port 8081
 * ./thaw package examples/users-api      # target/function/, function.zip, template.yaml
 * }</pre>
 */
package dev.thaw.local;
