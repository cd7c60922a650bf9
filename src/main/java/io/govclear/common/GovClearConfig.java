package io.govclear.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** GovClear's typed configuration ({@code govclear.*}); environment variables override, e.g. GOVCLEAR_DEMO_SEED. */
@ConfigMapping(prefix = "govclear")
public interface GovClearConfig {

    /** Base URL that payers and units see, used for payUrl links. */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    Demo demo();

    Security security();

    Pii pii();

    Catalog catalog();

    Orders orders();

    Payments payments();

    Http http();

    Console console();

    interface Demo {
        /** Load the demo catalog (units, items, secrets demo-secret-&lt;code&gt;) at start. Never in production. */
        @WithDefault("false")
        boolean seed();

        /**
         * Where the channel simulators (their own application, simulators/) listen: dev, test and demo point every
         * channel there, and the demo units' webhooks go to its receiver. Never set in production.
         */
        Optional<String> simulatorsUrl();
    }

    interface Security {
        /**
         * Whether Amazon Corretto Crypto Provider (native AWS-LC) goes ahead of the JDK's providers where it loads
         * ({@code io.govclear.security.NativeCrypto}).
         */
        @WithDefault("true")
        boolean nativeCrypto();

        /** How far a unit's X-GovClear-Timestamp may be from the server clock. */
        @WithDefault("300s")
        Duration signatureWindow();

        /** How long a unit's nonce is remembered; a nonce seen again within it is a replay. */
        @WithDefault("10m")
        Duration nonceTtl();

        /** Key (Base64) that seeds the payment-code permutation, so codes are not sequential. */
        String paymentCodeKey();
    }

    interface Pii {
        /** Cipher for personal data and unit secrets at rest: SM4_GCM (national standard) or AES_GCM. */
        @WithDefault("SM4_GCM")
        String cipher();

        /** Encryption key, Base64: 16 bytes for SM4, 16 or 32 for AES. From the environment in production. */
        String key();

        /** Small integer stored with each ciphertext, so keys can be rotated. */
        @WithDefault("1")
        int keyId();

        /** Key (Base64) for the keyed lookup hashes of ID numbers and phone numbers. */
        String hashKey();
    }

    interface Catalog {
        /** How often each instance reloads units and items from the database. */
        @WithDefault("60s")
        Duration refreshInterval();

        /** How long a unit's old key still verifies after a new one is issued (the rotation's overlap). */
        @WithDefault("P7D")
        Duration credentialOverlap();
    }

    interface Payments {
        /** How long a payer has to finish paying one attempt before it is queried and closed. */
        @WithDefault("15m")
        Duration attemptTtl();

        /** When an open attempt is queried: after creation, then after each query (the last step repeats). */
        @WithDefault("10s,20s,40s,1m,2m,5m,10m")
        List<Duration> queryBackoff();

        /** How often each instance looks for attempts to query (they are claimed, so instances never collide). */
        @WithDefault("5s")
        Duration compensationInterval();
    }

    interface Orders {
        /** Largest bill, in fen (100,000,000.00 yuan). */
        @WithDefault("10000000000")
        long maxAmountFen();

        /** Most bills in one batch call. */
        @WithDefault("1000")
        int maxBatchSize();

        /** Default and largest page sizes for listings. */
        @WithDefault("20")
        int defaultPageSize();

        @WithDefault("200")
        int maxPageSize();
    }

    interface Http {
        /** Longest request target (path and query) taken; longer is 414 URI_TOO_LONG. */
        @WithDefault("4096")
        int maxUriLength();

        /** Largest request head (every header name and value) taken; larger is 431 HEADERS_TOO_LARGE. */
        @WithDefault("20K")
        MemorySize maxHeaderSize();
    }

    interface Console {
        /** A console session ends after this long without a request… */
        @WithDefault("15M")
        Duration idleTimeout();

        /** …and this long after sign-in, whatever happens. */
        @WithDefault("8H")
        Duration absoluteTimeout();

        /** Failed sign-ins (password or second factor) in a row that lock an account… */
        @WithDefault("5")
        int lockAfter();

        /** …for this long. */
        @WithDefault("15M")
        Duration lockFor();

        /** The session cookie is Secure (HTTPS only); off only in dev and test, which run on plain HTTP. */
        @WithDefault("true")
        boolean secureCookie();

        /** PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP 2023: 600,000). */
        @WithDefault("600000")
        int passwordIterations();
    }
}
