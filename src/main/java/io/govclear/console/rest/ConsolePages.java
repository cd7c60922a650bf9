package io.govclear.console.rest;

import java.util.function.Supplier;
import java.util.function.Function;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.MediaType;
import io.govclear.common.ProblemException;
import io.govclear.common.Clocks;
import io.govclear.common.QueryParams;
import io.govclear.common.Transactions;
import io.govclear.console.session.SessionIdentityProvider;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.StaffRepository;
import io.govclear.security.StaffUser;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;

/** What every console page needs: the signed-in user, their CSRF token for the page's forms, and the menu they see. */
@Singleton
public class ConsolePages {

    @Inject StaffRepository staff;
    @Inject Transactions transactions;

    /** The page with the layout's data: the user, the session's CSRF token, the menu entries of their roles. */
    public TemplateInstance page(TemplateInstance page, SecurityIdentity identity) {
        StaffUser user = Callers.staff(identity);
        return page.data("user", user)
                .data("labels", Labels.ALL)
                .data("csrf", SessionIdentityProvider.session(identity).map(s -> s.csrfToken()).orElse(""))
                .data("admin", user.roles().contains(Roles.ADMIN) ? true : null)
                .data("catalog", user.roles().stream().anyMatch(r -> Roles.STAFF.contains(r)
                        && !Roles.UNIT_OFFICER.equals(r)) ? true : null)
                .data("auditor", user.roles().contains(Roles.AUDITOR) || user.roles().contains(Roles.SUPERVISOR)
                        || user.roles().contains(Roles.ADMIN) ? true : null);
    }

    /** {@link #page}, with the notice of what was just done or the refusal of what was asked (either may be null). */
    public TemplateInstance page(TemplateInstance page, SecurityIdentity identity, String notice,
            ProblemException refused) {
        if (notice != null) {
            page = page.data("notice", notice);
        }
        if (refused != null) {
            page = page.data("message", refused.getMessage());
        }
        return page(page, identity);
    }

    /**
     * A form's answer: the page {@code shown} with the action's notice, or, when the action is refused, the page
     * {@code refused} with the refusal, in the problem's status. The rules stay the action's.
     */
    public static Uni<Response> answer(Supplier<Uni<? extends String>> action,
            Function<String, Uni<TemplateInstance>> shown, Function<ProblemException, Uni<TemplateInstance>> refused) {
        return Uni.createFrom().<String>deferred(action)
                .chain(notice -> shown.apply(notice).map(p -> Response.ok(p).type(MediaType.TEXT_HTML).build()))
                .onFailure(ProblemException.class).recoverWithUni(e -> refused.apply((ProblemException) e)
                        .map(p -> Response.status(((ProblemException) e).status()).type(MediaType.TEXT_HTML)
                                .entity(p).build()));
    }

    /** A page's business date from its query, else yesterday: the last day whose settlement and statements can be in. */
    public static LocalDate dayOrYesterday(String date, Clock clock) {
        return date == null || date.isBlank() ? LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE).minusDays(1)
                : QueryParams.businessDate(date);
    }

    /** A staff row that must exist (the signed-in user's own). */
    public Uni<StaffRepository.StoredStaff> staff(String username) {
        return staff.find(transactions.autoCommit(), username).map(found -> found.orElseThrow());
    }

    /** Unused recovery codes of a user. */
    public Uni<Long> recoveryCodesLeft(String username) {
        return staff.unusedRecoveryCodes(transactions.autoCommit(), username);
    }
}
