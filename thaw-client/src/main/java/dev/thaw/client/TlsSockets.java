package dev.thaw.client;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes the TLS socket factory on the first https call (TLS setup costs ~150 ms on a cold JVM): from the
 * context the app gave, from a trust store it gave, or from the JDK's default trust.
 */
final class TlsSockets implements Supplier<SSLSocketFactory> {

    private final SSLContext context;
    private final KeyStore trustStore;

    TlsSockets(SSLContext context, KeyStore trustStore) {
        this.context = context;
        this.trustStore = trustStore;
    }

    @Override
    public SSLSocketFactory get() {
        try {
            if (context != null) {
                return context.getSocketFactory();
            }
            if (trustStore == null) {
                return SSLContext.getDefault().getSocketFactory();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext made = SSLContext.getInstance("TLS");
            made.init(null, tmf.getTrustManagers(), null);
            return made.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new OutboundException("Create TLS context for outbound https calls: " + e.getMessage(), e);
        }
    }
}
