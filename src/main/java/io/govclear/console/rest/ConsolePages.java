package io.govclear.console.rest;

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
