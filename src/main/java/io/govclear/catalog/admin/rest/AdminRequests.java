package io.govclear.catalog.admin.rest;

import io.govclear.catalog.admin.UnitDraft;
import io.govclear.channel.Channel;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The bodies of the catalog administration's endpoints. */
public final class AdminRequests {

    private AdminRequests() {
    }

    /** A unit as proposed, with the proposer's reason. */
    public record Unit(String code, String name, String regionCode, List<String> allowedChannels,
            String settlementAccount, String webhookUrl, String reason) {

        UnitDraft draft() {
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            if (allowedChannels != null) {
                for (int i = 0; i < allowedChannels.size(); i++) {
                    Channel c = QueryParams.oneOf("allowedChannels[" + i + "]", allowedChannels.get(i), Channel.class);
                    if (c == null) {
                        throw ProblemException.invalid("allowedChannels[" + i + "]", "must name a channel");
                    }
                    channels.add(c);
                }
            }
            return new UnitDraft(code, name, regionCode, channels, settlementAccount, webhookUrl);
        }
    }

    /** A decision's or an action's reason. */
    public record Reason(String reason) {
    }

    /** A new key: for the unit's API calls (default) or its webhooks, and why. */
    public record NewKey(String purpose, String reason) {
    }

    static String reason(Object body, String reason) {
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send a JSON object with a reason");
        }
        return RequiredText.of("reason", reason, 500);
    }
}
