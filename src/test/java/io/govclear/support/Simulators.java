package io.govclear.support;

import static io.restassured.RestAssured.given;

import io.govclear.channel.Channel;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The channel simulators as the tests' neighbour: the built simulator application (simulators/, its own Maven
 * project; scripts/test.sh builds it first) started once per test JVM as a separate process on a free port
 * ({@link Cluster#startSimulators}, logging to target/simulators-tests.log), stopped when the JVM exits, the way quarkus-super-heroes' rest-fights starts its neighbours. It sends its notifies to the
 * engine, whose test port is chosen here too (before Quarkus starts, so every URL that names it is right) and kept for
 * every restart of the application under test. The engine's configuration gets:
 * <ul>
 * <li>{@code quarkus.http.test-port} and {@code govclear.public-base-url}: the engine's port;</li>
 * <li>{@code govclear.demo.simulators-url}: where the simulators listen, so every channel URL points there;</li>
 * <li>the simulators' own {@code govclear.simulator.*} settings (the channels' keys, read from their
 * application.properties) as {@code channel-side.*}, for tests that play a channel by hand, e.g. forge a notify
 * signed with Alipay's key ({@link #setting}).</li>
 * </ul>
 * Global: every @QuarkusTest gets it once any test class names it.
 */
public class Simulators implements QuarkusTestResourceLifecycleManager {

    /** JVM-wide, not static fields: Quarkus may load this class again in another class loader per application. */
    private static final String ENGINE_PORT = "govclear-test.engine-port";
    private static final String SIMULATORS_PORT = "govclear-test.simulators-port";
    /** Where the simulators' own settings appear in the engine's test configuration (outside govclear.*). */
    private static final String CHANNEL_SIDE = "channel-side.";
    public static final String URL_PROPERTY = "govclear.demo.simulators-url";
    private static final Path PROJECT = Path.of("simulators");
    private static final Path SETTINGS = PROJECT.resolve("src/main/resources/application.properties");
    /** The folder of prepared WeChat Pay bills the simulator serves (StatementStreamingTest). */
    public static final Path BILLS = Path.of("target/simulator-bills").toAbsolutePath();
    public static final double TIME_SCALE = 0.001;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        channelSettings().forEach((key, value) -> config.put(CHANNEL_SIDE + key, (String) value));
        int enginePort = port(ENGINE_PORT);
        config.put("quarkus.http.test-port", Integer.toString(enginePort));
        config.put("govclear.public-base-url", "http://localhost:" + enginePort);
        String url = "http://localhost:" + simulatorsPort(enginePort);
        config.put(URL_PROPERTY, url);
        // this application's database starts empty and hands out the same order numbers again: so do its channels
        control(HttpRequest.newBuilder(URI.create(url + "/sim/state")).DELETE());
        return config;
    }

    @Override
    public void stop() {
        // the process lives as long as the test JVM: a later application restart talks to the same channels
    }

    /**
     * The simulators' base URL, for control calls: {@code given().post(Simulators.url() + "/sim/alipay/…")}. An
     * integration test outside Quarkus (*IT) sets it as a system property.
     */
    public static String url() {
        String outsideQuarkus = System.getProperty(URL_PROPERTY);
        return outsideQuarkus != null ? outsideQuarkus
                : ConfigProvider.getConfig().getValue(URL_PROPERTY, String.class);
    }

    /** A URL at the simulators, e.g. {@code sim("/sim/alipay/orders/" + id + "/pay")}. */
    public static String sim(String path) {
        return url() + path;
    }

    /**
     * Where a channel ({@link Channel} name: ALIPAY, WECHAT_PAY, UNIONPAY, BANK_ICBC, BANK_ABC) is at the simulators:
     * /sim/alipay, /sim/wechat-pay, /sim/unionpay, /sim/bank/icbc, /sim/bank/abc.
     */
    public static String channel(String channel) {
        Channel known = Channel.valueOf(channel);
        boolean bank = known == Channel.BANK_ICBC || known == Channel.BANK_ABC;
        return sim((bank ? "/sim/bank/" : "/sim/") + known.slug());
    }

    /**
     * Makes the channel's statement of {@code businessDate} differ from the truth: {@code kind} OMIT_TRADE,
     * ALTER_AMOUNT, ADD_CHANNEL_ONLY or CROSS_MIDNIGHT (see the simulators' StatementFault), about {@code paymentId}
     * (or a refund id) and {@code amountFen} where the kind needs them (else null); returns the id it is about (for
     * ADD_CHANNEL_ONLY the one the channel made up).
     */
    public static String statementFault(String channel, LocalDate businessDate, String kind, String paymentId,
            Long amountFen) {
        return given().contentType("application/json")
                .body("{\"businessDate\":\"" + businessDate + "\",\"kind\":\"" + kind + "\""
                        + (paymentId == null ? "" : ",\"paymentId\":\"" + paymentId + "\"")
                        + (amountFen == null ? "" : ",\"amountFen\":" + amountFen) + "}")
                .post(channel(channel) + "/statement-faults").then().statusCode(200).extract().path("paymentId");
    }

    /** The next refund call on the payment's trade fails as {@code fault} says: ANSWER_LOST, BUSY or REFUSED. */
    public static void refundFault(String channel, String paymentId, String fault) {
        given().contentType("application/json").body("{\"fault\":\"" + fault + "\"}")
                .post(channel(channel) + "/orders/" + paymentId + "/refund-fault").then().statusCode(204);
    }

    /** One of the simulators' own settings (without its "govclear.simulator." prefix), e.g. "alipay.app-id". */
    public static String setting(String name) {
        return ConfigProvider.getConfig().getValue(CHANNEL_SIDE + name, String.class);
    }

    /** Moves the simulators' clock to real time plus {@code offset}, as the engine's test clock is. */
    public static void shiftClock(Duration offset) {
        control(HttpRequest.newBuilder(URI.create(url() + "/sim/clock"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"offsetMillis\":" + offset.toMillis() + "}")));
    }

    /** One of the simulators' test controls (served because this launcher switches them on). */
    private static void control(HttpRequest.Builder request) {
        try {
            HttpRequest sent = request.timeout(Duration.ofSeconds(5)).build();
            int status = HTTP.send(sent, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException(sent.method() + " " + sent.uri() + " answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized int simulatorsPort(int enginePort) {
        String running = System.getProperty(SIMULATORS_PORT);
        if (running != null) {
            return Integer.parseInt(running);
        }
        int port = Cluster.freePort();
        Path data = Path.of("target", "test-simulators-" + port + ".mv");
        try {
            Files.createDirectories(BILLS);
            Files.deleteIfExists(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = Cluster.startSimulators("tests", port, "http://localhost:" + enginePort, data, TIME_SCALE,
                Map.of("GOVCLEAR_SIMULATOR_TEST_CONTROLS", "true",
                        "GOVCLEAR_SIMULATOR_WECHAT_PAY_BILL_DIRECTORY", BILLS.toString()));
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        System.setProperty(SIMULATORS_PORT, Integer.toString(port));
        return port;
    }

    /** The simulators' govclear.simulator.* settings as their application.properties has them, without the prefix. */
    private static Properties channelSettings() {
        Properties all = new Properties();
        try (InputStream in = Files.newInputStream(SETTINGS)) {
            all.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties channel = new Properties();
        all.stringPropertyNames().stream().filter(name -> name.startsWith("govclear.simulator."))
                .forEach(name -> channel.setProperty(name.substring("govclear.simulator.".length()),
                        all.getProperty(name)));
        return channel;
    }

    private static synchronized int port(String property) {
        String chosen = System.getProperty(property);
        if (chosen == null) {
            chosen = Integer.toString(Cluster.freePort());
            System.setProperty(property, chosen);
        }
        return Integer.parseInt(chosen);
    }

}
