package io.govclear.reminder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Jobs;
import io.govclear.support.Ledger;
import io.govclear.support.Simulators;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reminders and overdue notices: queued once per bill and kind, with today's late fee, sent without the phone leaking. */
@QuarkusTest
@WithTestResource(value = Simulators.class, scope = TestResourceScope.GLOBAL)
class ReminderTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @Inject
    Jobs jobs;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringWriter text = new StringWriter().append(formatter.formatMessage(record));
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            logged.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void balanced() {
        Logger.getLogger("").removeHandler(capture);
        jobs.resume("message-sender");
        clock.reset();
        Ledger.assertBalanced();
    }

    @Test
    void eachBillGetsAReminderThenAnOverdueNoticeWithTheGrowingLateFeeOnce() {
        String near = Bills.issueFine(10_000, clock.today().plusDays(2));
        String far = Bills.issueFine(10_000, clock.today().plusDays(10));

        runTwiceAtOnce();
        runTwiceAtOnce();
        assertThat(messages(near)).singleElement().satisfies(m -> {
            assertThat(m.get("kind")).isEqualTo("DUE_SOON");
            assertThat(m.get("channel")).isEqualTo("SMS");
            assertThat(m.get("recipient")).isEqualTo("138****8000");
            assertThat(m.get("totalDueFen")).isEqualTo(10_000);
            assertThat(m.get("lateFeeFen")).isEqualTo(0);
            assertThat((String) m.get("text")).contains("杭州市公安局交通警察支队", "100.00元", near,
                    clock.today().plusDays(2).toString(), "/pay/" + near).doesNotContain("滞纳金");
        });
        assertThat(messages(far)).isEmpty();

        // three days after the due date: a fine's late fee is 3 % a day, 9.00 on 100.00
        clock.advance(Duration.ofDays(5));
        runTwiceAtOnce();
        runTwiceAtOnce();
        List<Map<String, Object>> both = messages(near);
        assertThat(both).extracting(m -> m.get("kind")).containsExactlyInAnyOrder("DUE_SOON", "OVERDUE");
        Map<String, Object> overdue = both.stream().filter(m -> m.get("kind").equals("OVERDUE")).findFirst()
                .orElseThrow();
        assertThat(overdue.get("lateFeeFen")).isEqualTo(900);
        assertThat(overdue.get("totalDueFen")).isEqualTo(10_900);
        assertThat(overdue.get("asOf")).isEqualTo(clock.today().toString());
        assertThat((String) overdue.get("text")).contains("已逾期3天", "109.00元", "含滞纳金9.00元",
                clock.today().toString());
        assertThat(messages(far)).isEmpty();
        assertThat(Db.count("SELECT count(*) FROM message_outbox m JOIN payment_order o ON o.id = m.order_id"
                + " WHERE o.payment_code = $1", near)).isEqualTo(2);

        // the sender decrypts the phone at send time; it is recorded masked and nowhere in clear
        await().atMost(WAIT).until(() -> messages(near).stream().allMatch(m -> m.get("status").equals("SENT")));
        assertThat(messages(near)).allSatisfy(m -> {
            assertThat(m.get("recipient")).isEqualTo("138****8000");
            assertThat(m.get("sentAt")).isNotNull();
        });
        assertThat(Db.count("SELECT count(*) FROM message_outbox m WHERE m::text LIKE $1", "%" + Bills.PHONE + "%"))
                .isZero();
        // the capture sees the engine's log lines (the sender's own among them), and none holds the phone
        assertThat(logged).anyMatch(line -> line.startsWith("messages: "))
                .noneMatch(line -> line.contains(Bills.PHONE));
    }

    @Test
    void aMessageWhoseBillIsNoLongerUnpaidIsDroppedNotSent() {
        jobs.pause("message-sender");
        String code = Bills.issueFine(5_000, clock.today().plusDays(1));
        run();
        assertThat(messages(code)).singleElement().satisfies(m -> assertThat(m.get("status")).isEqualTo("QUEUED"));
        Bills.cancel(Bills.TRAFFIC, code);
        jobs.resume("message-sender");
        await().atMost(WAIT).until(() -> messages(code).get(0).get("status").equals("DROPPED"));
        assertThat(messages(code).get(0).get("sentAt")).isNotNull();
        // a cancelled bill is not reminded again
        run();
        assertThat(messages(code)).hasSize(1);
    }

    @Test
    void staffOnly() {
        given().get("/api/v1/messages").then().statusCode(401);
        Staff.as("auditor").get("/api/v1/messages?status=NOPE").then().statusCode(400);
        Staff.as("auditor").get("/api/v1/messages").then().statusCode(200);
        Staff.sendingJson("clerk").post("/api/v1/reminders/run").then().statusCode(403);
        Staff.sendingJson("clerk").post("/api/v1/expiry/run").then().statusCode(403);
    }

    private static int run() {
        return Staff.sendingJson("admin").post("/api/v1/reminders/run").then().statusCode(200).extract().path("queued");
    }

    /** Two instances' jobs at the same moment. */
    private static void runTwiceAtOnce() {
        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(ReminderTest::run);
        CompletableFuture<Integer> two = CompletableFuture.supplyAsync(ReminderTest::run);
        one.join();
        two.join();
    }

    private static List<Map<String, Object>> messages(String paymentCode) {
        return Staff.as("auditor").get("/api/v1/messages?paymentCode=" + paymentCode).then().statusCode(200)
                .extract().path("items");
    }
}
