package io.govclear.security;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.govclear.common.GovClearConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.security.Security;
import org.jboss.logging.Logger;

/**
 * Puts Amazon Corretto Crypto Provider (AWS-LC, native) ahead of the JDK's providers at start, when
 * {@code govclear.security.native-crypto} is true (default) and its native library loads on this platform. Every channel
 * message is signed or verified (RSA, SHA-256, AES-GCM, HMAC), and the JDK's RSA signing costs about 1.1 ms of CPU
 * against 0.3 ms here. The code asks JCA by algorithm name (never by provider, except BouncyCastle for SM2/SM3/SM4),
 * so the switch changes the speed, not the bytes: the tests run with it, and with the JDK's providers where it does
 * not load.
 */
@Singleton
public class NativeCrypto {

    private static final Logger LOG = Logger.getLogger(NativeCrypto.class);

    void install(@Observes @Priority(1) StartupEvent event, GovClearConfig config) {
        if (!config.security().nativeCrypto()) {
            LOG.info("crypto: the JDK's providers (govclear.security.native-crypto=false)");
            return;
        }
        Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
        if (error != null) {
            LOG.warnf("crypto: the JDK's providers; Amazon Corretto Crypto Provider does not load here: %s", error);
            return;
        }
        AmazonCorrettoCryptoProvider.install();
        LOG.infof("crypto: %s first (native AWS-LC)", Security.getProviders()[0].getName());
    }
}
