package dev.thaw;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body written as it is produced (server-sent events, large exports). Adapters send it
 * chunked; on Lambda it needs a response-streaming invocation mode.
 *
 * <pre>{@code
 * return Response.status(200).stream("text/plain", out -> {
 *     for (int i = 0; i < 3; i++) { out.write(("line " + i + "\n").getBytes()); out.flush(); }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface StreamingBody {

    /**
     * Writes the body to {@code out}; flush to push what was written to the client. Do not close it.
     *
     * @param out the body stream
     * @throws IOException when the client went away or writing failed
     */
    void writeTo(OutputStream out) throws IOException;
}
