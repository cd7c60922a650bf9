package io.govclear.simulator.agentbank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** The simulated agent bank ({@code govclear.simulator.agent-bank.*}): the collection account and each channel's terms. */
@ConfigMapping(prefix = "govclear.simulator.agent-bank")
public interface AgentBankConfig {

    /** The platform's collection account (8–32 digits), the one account whose statement the bank writes. */
    @WithDefault("1202020109900000001")
    String account();

    /** The account's name, the CSV statement's 户名 line. */
    @WithDefault("浙江省非税收入汇缴结算户")
    String accountName();

    /**
     * How many days ahead of its clock the bank serves a statement: 0, a day's statement from that day on; the demo
     * (scripts/run.sh) uses 1, to show the T+1 settlements on the day they are due for (what is booked by then).
     */
    @WithDefault("0")
    int servesAheadDays();

    /** Per channel (ALIPAY, WECHAT_PAY, UNIONPAY, BANK_ICBC, BANK_ABC): its terms where they differ from the usual. */
    Map<String, Terms> channels();

    /** How one channel settles; an absent value keeps the channel's default ({@link SettlingChannel}). */
    interface Terms {

        /** NET: keeps its fees back (payments − refunds − fees); GROSS: pays payments − refunds, bills fees apart. */
        Optional<Settles> settles();

        /** Days between the business date and the credit's booking (1: T+1; 0: the same day). */
        Optional<Integer> delayDays();
    }

    /** A channel's settlement terms. */
    enum Settles {
        NET, GROSS
    }
}
