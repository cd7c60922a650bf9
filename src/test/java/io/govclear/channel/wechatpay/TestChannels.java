package io.govclear.channel.wechatpay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.channel.StatementDownload;
import io.govclear.channel.http.ChannelHttp;
import io.quarkus.arc.Arc;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Extra adapters for tests: the configured merchant, but another endpoint, platform key or timeout. */
final class TestChannels {

    private TestChannels() {
    }

    static WechatPayChannel pointingAt(WechatPayConfig config, Clock clock, ObjectMapper json, String baseUrl,
            Duration readTimeout) {
        return new WechatPayChannel(new Overridden(config, baseUrl, config.platformPublicKey(),
                config.platformSerialNo(), readTimeout), clock, json, http(), downloads());
    }

    static WechatPayChannel trustingPlatformKey(WechatPayConfig config, Clock clock, ObjectMapper json,
            String platformPublicKey, String platformSerialNo) {
        return new WechatPayChannel(new Overridden(config, config.baseUrl(), platformPublicKey, platformSerialNo,
                config.readTimeout()), clock, json, http(), downloads());
    }

    private static ChannelHttp http() {
        return Arc.container().instance(ChannelHttp.class).get();
    }

    private static StatementDownload downloads() {
        return Arc.container().instance(StatementDownload.class).get();
    }

    /** The configured values, with some replaced. */
    private record Overridden(WechatPayConfig base, String baseUrl, String platformPublicKey, String platformSerialNo,
            Duration readTimeout) implements WechatPayConfig {

        @Override
        public String mchid() {
            return base.mchid();
        }

        @Override
        public String appid() {
            return base.appid();
        }

        @Override
        public String merchantPrivateKey() {
            return base.merchantPrivateKey();
        }

        @Override
        public String merchantSerialNo() {
            return base.merchantSerialNo();
        }

        @Override
        public String apiV3Key() {
            return base.apiV3Key();
        }

        @Override
        public Duration connectTimeout() {
            return base.connectTimeout();
        }

        @Override
        public Optional<Duration> overallTimeout() {
            return base.overallTimeout();
        }
    }
}
