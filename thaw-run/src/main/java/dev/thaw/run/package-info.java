/**
 * The entry point of a thaw application, {@link dev.thaw.run.Thaw#run}: Lambda's Runtime API when
 * {@code AWS_LAMBDA_RUNTIME_API} is set, the local server otherwise.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Thaw.run(UsersApi.app());
 * }
 * }</pre>
 */
package dev.thaw.run;
