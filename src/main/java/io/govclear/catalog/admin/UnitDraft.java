package io.govclear.catalog.admin;

import io.govclear.channel.Channel;
import io.govclear.common.ProblemException.FieldError;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A collecting unit as proposed (created or edited): what an administrator may set. The API secret is not here: the
 * engine generates it when the unit is approved. {@link #errors()} lists every problem, none when it may be proposed.
 */
public record UnitDraft(String code, String name, String regionCode, Set<Channel> allowedChannels,
        String settlementAccount, String webhookUrl) {

    public static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,31}");
    private static final Pattern REGION = Pattern.compile("[0-9]{6}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{8,32}");

    /** Every problem with the draft, field by field; empty when it is whole. */
    public List<FieldError> errors() {
        List<FieldError> errors = new ArrayList<>();
        if (code == null || !CODE.matcher(code).matches()) {
            errors.add(new FieldError("code", "must be 2–32 of A–Z, 0–9 and '-', starting with a letter or digit"));
        }
        Drafts.text(errors, "name", name, 100);
        if (regionCode == null || !REGION.matcher(regionCode).matches()) {
            errors.add(new FieldError("regionCode", "must be a 6-digit administrative region code"));
        }
        if (allowedChannels == null || allowedChannels.isEmpty()) {
            errors.add(new FieldError("allowedChannels", "must name at least one channel"));
        }
        if (allowedChannels != null && allowedChannels.stream().anyMatch(c -> !c.offered())) {
            errors.add(new FieldError("allowedChannels", "must name channels a payer can use: " + Channel.OFFERED));
        }
        if (settlementAccount == null || !ACCOUNT.matcher(settlementAccount).matches()) {
            errors.add(new FieldError("settlementAccount", "must be a bank account number of 8–32 digits"));
        }
        if (webhookUrl != null && !webhook(webhookUrl)) {
            errors.add(new FieldError("webhookUrl", "must be an absolute http or https URL of at most 500 characters"));
        }
        return errors;
    }

    private static boolean webhook(String url) {
        if (url.length() > 500) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
