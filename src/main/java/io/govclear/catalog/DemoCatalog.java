package io.govclear.catalog;

import io.govclear.catalog.admin.CatalogAdministration;
import io.govclear.catalog.admin.CredentialRepository;
import io.govclear.catalog.admin.CredentialRepository.Purpose;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.catalog.admin.UnitRepository;
import io.govclear.channel.Channel;
import io.govclear.common.GovClearConfig;
import io.govclear.security.PersonalData;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The demo catalog (dev, test, and GOVCLEAR_DEMO_SEED=true): five units with the secret demo-secret-&lt;code&gt;,
 * created through the catalog administration (CatalogAdministration.seed); items inserted with ON CONFLICT, so N
 * instances starting together seed them once; the demo secrets are re-encrypted with whatever PII key this run has. With simulators configured
 * (govclear.demo.simulators-url), the units' webhook URLs point at their demo receiver
 * (/sim/webhook-receiver/&lt;code&gt;).
 */
@ApplicationScoped
public class DemoCatalog {

    static final String ALL_CHANNELS = "ALIPAY,WECHAT_PAY,UNIONPAY,BANK_ICBC,BANK_ABC";

    /** Demo units: code, name, region, settlement account, channels. */
    public static final List<List<String>> UNITS = List.of(
            List.of("HZ-TRAFFIC", "杭州市公安局交通警察支队", "330100", "1202020109900012345", ALL_CHANNELS),
            List.of("ZJU", "浙江大学", "330106", "1202021209000054321", ALL_CHANNELS),
            List.of("ZJ-EXAM", "浙江省人事考试院", "330000", "1202020309000067890", ALL_CHANNELS),
            List.of("HZ-SOCSEC", "杭州市社会保险管理服务中心", "330100", "1202020409000011223", ALL_CHANNELS),
            List.of("HZ-REALESTATE", "杭州市不动产登记中心", "330100", "1202020509000033445",
                    "ALIPAY,WECHAT_PAY,BANK_ICBC"));

    private record DemoItem(String unit, String code, String name, ItemCategory category, AmountStandard standard,
            Long fixedFen, Long minFen, Long maxFen, LateFeeRule lateFee, int bpPerDay, boolean capped,
            Destination destination, String incomeClassification, int central, int province, int city, int county,
            int unitShare) {
    }

    private static final List<DemoItem> ITEMS = List.of(
            new DemoItem("HZ-TRAFFIC", "FINE-TRAFFIC", "道路交通安全违法罚款", ItemCategory.FINE, AmountStandard.FREE,
                    null, null, null, LateFeeRule.FINE, 300, true, Destination.TREASURY, "1030501", 0, 3_000, 7_000, 0, 0),
            new DemoItem("ZJU", "TUITION-UG", "本科生学费", ItemCategory.TUITION, AmountStandard.RANGE,
                    null, 100_000L, 3_000_000L, LateFeeRule.NONE, 0, false, Destination.FISCAL_SPECIAL_ACCOUNT,
                    "1030414", 0, 0, 0, 0, 10_000),
            new DemoItem("ZJU", "ACCOM-UG", "本科生住宿费", ItemCategory.TUITION, AmountStandard.FIXED,
                    120_000L, null, null, LateFeeRule.NONE, 0, false, Destination.FISCAL_SPECIAL_ACCOUNT,
                    "1030414", 0, 0, 0, 0, 10_000),
            new DemoItem("ZJ-EXAM", "EXAM-CIVIL", "公务员考试考务费", ItemCategory.EXAM_FEE, AmountStandard.FIXED,
                    10_000L, null, null, LateFeeRule.NONE, 0, false, Destination.TREASURY, "1030402", 0, 10_000, 0, 0,
                    0),
            new DemoItem("ZJ-EXAM", "EXAM-ACCOUNTING", "会计专业技术资格考试考务费", ItemCategory.EXAM_FEE,
                    AmountStandard.FIXED, 5_600L, null, null, LateFeeRule.NONE, 0, false, Destination.TREASURY,
                    "1030402", 3_000, 7_000, 0, 0, 0),
            new DemoItem("HZ-SOCSEC", "SOCSEC-FLEX", "灵活就业人员社会保险费", ItemCategory.SOCIAL_SECURITY,
                    AmountStandard.FREE, null, null, null, LateFeeRule.SOCIAL_INSURANCE, 5, false,
                    Destination.TREASURY, "1020101", 0, 2_000, 8_000, 0, 0),
            new DemoItem("HZ-REALESTATE", "REALESTATE-REG", "不动产登记费", ItemCategory.ADMIN_FEE,
                    AmountStandard.FIXED, 8_000L, null, null, LateFeeRule.NONE, 0, false, Destination.TREASURY,
                    "1030401", 0, 1_000, 9_000, 0, 0));

    @Inject Pool pool;
    @Inject PersonalData personalData;
    @Inject GovClearConfig config;
    @Inject CatalogAdministration administration;
    @Inject UnitRepository units;
    @Inject CredentialRepository credentials;
    @Inject Clock clock;

    public static String secretOf(String unitCode) {
        return "demo-secret-" + unitCode;
    }

    /**
     * Creates or updates the demo units through the catalog administration (as an approval would), gives each its
     * demo API secret as key 1 (re-encrypted with this run's PII key), and inserts the demo items that are missing.
     */
    public Uni<Void> seed() {
        List<UnitDraft> drafts = UNITS.stream().map(u -> new UnitDraft(u.get(0), u.get(1), u.get(2),
                channels(u.get(4)), u.get(3), webhookUrl(u.get(0)))).toList();
        Set<String> codes = drafts.stream().map(UnitDraft::code).collect(Collectors.toSet());
        return administration.seed(drafts, "demo-seed", "the demo catalog")
                .chain(units::all)
                .chain(all -> Multi.createFrom().iterable(all)
                        .select().where(u -> codes.contains(u.draft().code()))
                        .onItem().transformToUniAndConcatenate(u -> credentials.seedDemoKey(u.id(),
                                personalData.encrypt(secretOf(u.draft().code()),
                                        CatalogService.secretContext(u.draft().code(), Purpose.API)),
                                clock.instant()))
                        .collect().last())
                .chain(() -> Multi.createFrom().iterable(ITEMS)
                        .onItem().transformToUniAndConcatenate(this::insertItem)
                        .collect().last())
                .replaceWithVoid();
    }

    private static Set<Channel> channels(String names) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String name : names.split(",")) {
            channels.add(Channel.valueOf(name));
        }
        return channels;
    }

    /** The simulators' demo webhook receiver, where there are simulators (dev, test, demo); otherwise no webhooks. */
    private String webhookUrl(String unitCode) {
        return config.demo().simulatorsUrl().map(url -> url + "/sim/webhook-receiver/" + unitCode).orElse(null);
    }

    private Uni<?> insertItem(DemoItem i) {
        return pool.preparedQuery("""
                INSERT INTO charge_item (unit_id, code, name, category, amount_standard, fixed_amount_fen,
                    min_amount_fen, max_amount_fen, late_fee_rule, late_fee_bp_per_day, late_fee_capped, destination,
                    income_classification, share_central_bp, share_province_bp, share_city_bp, share_county_bp,
                    share_unit_bp)
                SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18
                FROM collecting_unit WHERE code = $1
                ON CONFLICT (unit_id, code, version_no) DO NOTHING""")
                .execute(Tuple.from(new Object[] { i.unit(), i.code(), i.name(), i.category().name(),
                        i.standard().name(), i.fixedFen(), i.minFen(), i.maxFen(), i.lateFee().name(),
                        i.bpPerDay(), i.capped(), i.destination().name(), i.incomeClassification(), i.central(),
                        i.province(), i.city(), i.county(), i.unitShare() }));
    }
}
