package io.govclear.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The engine's packaged application is the production artifact: no simulator inside it, and without its channel
 * settings (which only dev, test and demo ship) it refuses to start and names every one that is missing.
 */
class ProductionStartupIT {

    private static final Path APP = Path.of(System.getProperty("govclear.jar",
            "target/quarkus-app/quarkus-run.jar")).getParent();

    /** Every channel setting production must give (URLs, ids, keys), as the engine's configuration names them. */
    private static final List<String> CHANNEL_SETTINGS = List.of(
            "govclear.channels.alipay.gateway-url", "govclear.channels.alipay.app-id",
            "govclear.channels.alipay.private-key", "govclear.channels.alipay.alipay-public-key",
            "govclear.channels.wechat-pay.base-url", "govclear.channels.wechat-pay.mchid",
            "govclear.channels.wechat-pay.appid", "govclear.channels.wechat-pay.merchant-private-key",
            "govclear.channels.wechat-pay.merchant-serial-no", "govclear.channels.wechat-pay.platform-public-key",
            "govclear.channels.wechat-pay.platform-serial-no", "govclear.channels.wechat-pay.api-v3-key",
            "govclear.channels.unionpay.mer-id", "govclear.channels.unionpay.front-trans-url",
            "govclear.channels.unionpay.back-trans-url", "govclear.channels.unionpay.single-query-url",
            "govclear.channels.unionpay.file-trans-url", "govclear.channels.unionpay.sign-private-key",
            "govclear.channels.unionpay.sign-cert-id", "govclear.channels.unionpay.root-cert");

    @Test
    void thePackagedEngineHoldsNoSimulator() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(APP)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    zip.stream().map(entry -> entry.getName())
                            .filter(name -> name.startsWith("io/govclear/simulator/")
                                    || name.contains("SimulatorResource") || name.contains("wechat-pay-simulator"))
                            .forEach(name -> found.add(jar.getFileName() + "!" + name));
                }
            }
        }
        assertThat(found).as("simulator classes or templates in " + APP).isEmpty();
    }

    @Test
    void productionWithoutChannelSettingsRefusesToStartAndNamesEachMissingOne() throws Exception {
        Path log = Path.of("target", "production-startup.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", APP.resolve("quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the prod profile, with every setting but the channels' (so only they can be what is missing)
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("GOVCLEAR_PII_KEY", "cHJvZC1zbTQta2V5LTAwMQ==");
        builder.environment().put("GOVCLEAR_PII_HASH_KEY", "cHJvZC1sb29rdXAtaGFzaC1rZXktMDAwMDAwMDAwMDAx");
        builder.environment().put("GOVCLEAR_SECURITY_PAYMENT_CODE_KEY", "cHJvZC1wYXltZW50LWNvZGUta2V5");
        builder.environment().put("GOVCLEAR_RECEIPTS_CHECK_CODE_KEY", "cHJvZC1yZWNlaXB0LWNoZWNrLWtleQ==");
        builder.environment().put("GOVCLEAR_SETTLEMENT_BANK_SECRET", "prod-payout-bank-secret");
        Process engine = builder.start();
        assertThat(engine.waitFor(90, TimeUnit.SECONDS)).as("the engine should stop by itself; see " + log)
                .isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(engine.exitValue()).as(output).isNotZero();
        for (String setting : CHANNEL_SETTINGS) {
            assertThat(output).as("the startup error names " + setting).contains(setting);
        }
        assertThat(output).doesNotContain("Listening on");
    }
}
