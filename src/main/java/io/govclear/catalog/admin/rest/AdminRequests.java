package io.govclear.catalog.admin.rest;

import io.govclear.catalog.AmountStandard;
import io.govclear.catalog.Destination;
import io.govclear.catalog.ItemCategory;
import io.govclear.catalog.LateFeeRule;
import io.govclear.catalog.admin.CredentialRepository.Purpose;
import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.channel.Channel;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The bodies of the catalog administration's endpoints. */
public final class AdminRequests {

    private AdminRequests() {
    }

    /** A body that carries the person's reason for what they ask. */
    public interface Reasoned {
        String reason();
    }

    /** A unit as proposed, with the proposer's reason. */
    public record Unit(String code, String name, String regionCode, List<String> allowedChannels,
            String settlementAccount, String webhookUrl, String reason) implements Reasoned {

        UnitDraft draft() {
            return new UnitDraft(code, name, regionCode, channels("allowedChannels", allowedChannels),
                    settlementAccount, webhookUrl);
        }
    }

    /**
     * A charge item's standard from a date, with the proposer's reason; late fee and shares left out are 0 (and not
     * capped).
     */
    public record Item(String unitCode, String code, String name, ItemCategory category, String incomeClassification,
            AmountStandard amountStandard, Long fixedAmountFen, Long minAmountFen, Long maxAmountFen,
            LateFeeRule lateFeeRule, Integer lateFeeBpPerDay, Boolean lateFeeCapped, Destination destination,
            Integer shareCentralBp, Integer shareProvinceBp, Integer shareCityBp, Integer shareCountyBp,
            Integer shareUnitBp, LocalDate effectiveFrom, String reason) implements Reasoned {

        ItemDraft draft() {
            return new ItemDraft(unitCode, code, name, category, incomeClassification, amountStandard, fixedAmountFen,
                    minAmountFen, maxAmountFen, lateFeeRule, zero(lateFeeBpPerDay), Boolean.TRUE.equals(lateFeeCapped),
                    destination, zero(shareCentralBp), zero(shareProvinceBp), zero(shareCityBp), zero(shareCountyBp),
                    zero(shareUnitBp), effectiveFrom);
        }

        private static int zero(Integer value) {
            return value == null ? 0 : value;
        }
    }

    /** A decision's or an action's reason. */
    public record Reason(String reason) implements Reasoned {
    }

    /** A new key: for the unit's API calls (default) or its webhooks, and why. */
    public record NewKey(String purpose, String reason) implements Reasoned {
    }

    /** One of a unit's keys, as a path names it. */
    public record KeyRef(Purpose purpose, int no) {
    }

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern KEY_NO = Pattern.compile("[1-9][0-9]{0,8}");

    /** Channel names (a JSON array or a form's repeated field), each a channel: 400 naming the first that is not. */
    public static Set<Channel> channels(String field, List<String> names) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (names != null) {
            for (int i = 0; i < names.size(); i++) {
                Channel c = QueryParams.oneOf(field + "[" + i + "]", names.get(i), Channel.class);
                if (c == null) {
                    throw ProblemException.invalid(field + "[" + i + "]", "must name a channel");
                }
                channels.add(c);
            }
        }
        return channels;
    }

    /** A proposal's id from a path: 404 PROPOSAL_NOT_FOUND when it cannot be one. */
    public static long proposalId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new ProblemException(ProblemCode.PROPOSAL_NOT_FOUND, "No catalog proposal " + id);
        }
        return Long.parseLong(id);
    }

    /** A key from a path ({purpose}/{keyNo}): 404 CREDENTIAL_NOT_FOUND when it cannot be one. */
    public static KeyRef key(String unitCode, String purpose, String keyNo) {
        Purpose p = QueryParams.oneOf("purpose", purpose, Purpose.class);
        if (p == null || !KEY_NO.matcher(keyNo).matches()) {
            throw new ProblemException(ProblemCode.CREDENTIAL_NOT_FOUND, "Unit " + unitCode + " has no such key");
        }
        return new KeyRef(p, Integer.parseInt(keyNo));
    }

    /** The body's reason: 400 when there is no body or no reason. */
    public static String reason(Reasoned body) {
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send a JSON object with a reason");
        }
        return RequiredText.of("reason", body.reason(), 500);
    }
}
