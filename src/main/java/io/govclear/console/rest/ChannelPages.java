package io.govclear.console.rest;

import io.govclear.channel.Channel;
import io.govclear.channel.health.BreakerBoard;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.console.session.ConsoleForms;
import io.govclear.payment.routing.ChannelOverview;
import io.govclear.payment.routing.MaintenanceSchedule;
import io.govclear.payment.routing.MaintenanceWindow;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The channels in the console (/console/channels): per online channel each instance's circuit breaker, the last
 * hour's success rate, answered calls and notify delay, and its maintenance windows; an ADMIN announces a window
 * (Beijing time) and cancels one, each with a reason. Every rule is {@link MaintenanceSchedule}'s.
 */
@Path("/console/channels")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
public class ChannelPages {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(Clocks.BUSINESS_ZONE);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(Clocks.BUSINESS_ZONE);
    private static final Map<String, String> BREAKER = Map.of("CLOSED", "正常（闭合）", "OPEN", "熔断（断开）",
            "HALF_OPEN", "试探（半开）");
    private static final Map<String, String> PHASE = Map.of("UPCOMING", "未开始", "CURRENT", "维护中", "OVER", "已结束",
            "CANCELLED", "已取消");

    /** A channel as the page shows it. */
    public record Card(String code, List<Breaker> breakers, String successRate, String answered, String delay,
            String booked, List<Window> windows) {
    }

    /** One instance's breaker. */
    public record Breaker(String instance, String state, String label, String since, String updated, boolean stale) {
    }

    /** One maintenance window. */
    public record Window(long id, String from, String to, String status, String label, String note, String createdBy,
            String reason, String cancelled, boolean cancellable) {
    }

    @Inject SecurityIdentity identity;
    @Inject ChannelOverview overview;
    @Inject MaintenanceSchedule maintenance;
    @Inject ConsolePages pages;
    @Inject @Location("console/channels.html") Template page;

    @GET
    public Uni<TemplateInstance> channels() {
        return view(null, null);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{channel}/maintenance")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> announce(@PathParam("channel") String channel, @RestForm String startsAt,
            @RestForm String endsAt, @RestForm String note, @RestForm String reason) {
        return done(() -> {
            Channel on = MaintenanceSchedule.channel(channel);
            Instant from = time("startsAt", startsAt);
            Instant to = time("endsAt", endsAt);
            String told = note == null || note.isBlank() ? null : RequiredText.of("note", note, 100);
            return maintenance.announce(on, from, to, told, who(), RequiredText.of("reason", reason, 200))
                    .map(w -> "已发布" + label(on) + "维护窗口 " + MINUTE.format(w.startsAt()) + " 至 "
                            + MINUTE.format(w.endsAt()) + "，收银台提前一天提示缴款人。");
        });
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{channel}/maintenance/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> cancel(@PathParam("channel") String channel, @PathParam("id") String id,
            @RestForm String reason) {
        return done(() -> {
            Channel on = MaintenanceSchedule.channel(channel);
            return maintenance.cancel(on, id, who(), RequiredText.of("reason", reason, 200))
                    .map(w -> "已取消" + label(on) + "维护窗口 " + MINUTE.format(w.startsAt()) + " 至 "
                            + MINUTE.format(w.endsAt()) + "。");
        });
    }

    private Uni<Response> done(Supplier<Uni<? extends String>> action) {
        return ConsolePages.answer(action, notice -> view(notice, null), refused -> view(null, refused));
    }

    private Uni<TemplateInstance> view(String notice, ProblemException refused) {
        return overview.channels().map(channels -> {
            TemplateInstance p = page.data("channels", channels.stream().map(ChannelPages::card).toList())
                    .data("staleAfter", BreakerBoard.STALE_AFTER)
                    .data("maintainer", Callers.staff(identity).roles().contains(Roles.ADMIN) ? true : null);
            return pages.page(p, identity, notice, refused);
        });
    }

    private static Card card(ChannelOverview.ChannelView c) {
        ChannelOverview.LastHour h = c.lastHour();
        String rate = h.successRateBp() == null ? "—"
                : String.format("%d.%02d%%（%d / %d 笔）", h.successRateBp() / 100, h.successRateBp() % 100,
                        h.succeeded(), h.checkouts());
        String answered = h.calls() == 0 ? "—" : String.format("%d / %d 次有应答", h.calls() - h.unansweredCalls(),
                h.calls());
        String delay = h.notifyDelayP50Ms() == null ? "—" : "p50 " + seconds(h.notifyDelayP50Ms()) + " · p95 "
                + seconds(h.notifyDelayP95Ms());
        String booked = h.booked() == 0 ? "—" : h.bookedByNotify() + " / " + h.booked() + " 笔经通知入账";
        return new Card(c.channel().name(),
                c.breakers().stream()
                        .map(b -> new Breaker(b.instanceId(), b.state(), BREAKER.getOrDefault(b.state(), b.state()),
                                SECOND.format(b.since()), SECOND.format(b.updatedAt()), b.stale()))
                        .toList(),
                rate, answered, delay, booked,
                c.maintenance().stream()
                        .map(w -> new Window(w.id(), MINUTE.format(w.startsAt()), MINUTE.format(w.endsAt()),
                                w.status(), PHASE.getOrDefault(w.status(), w.status()), w.note(), w.createdBy(),
                                w.reason(), w.cancelledAt() == null ? null : w.cancelledBy() + " 于 "
                                        + MINUTE.format(w.cancelledAt()) + "：" + w.cancelReason(),
                                w.status().equals(MaintenanceWindow.Phase.UPCOMING.name())
                                        || w.status().equals(MaintenanceWindow.Phase.CURRENT.name())))
                        .toList());
    }

    private static String seconds(long ms) {
        return String.format("%.1f 秒", ms / 1000.0);
    }

    /** A datetime-local field (yyyy-MM-ddTHH:mm, Beijing time), required. */
    private static Instant time(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ProblemException.invalid(field, "is required");
        }
        try {
            return LocalDateTime.parse(value).atZone(Clocks.BUSINESS_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a Beijing time like 2026-12-01T23:30");
        }
    }

    private static String label(Channel channel) {
        return Labels.CHANNEL.getOrDefault(channel.name(), channel.name());
    }

    private String who() {
        return Callers.staff(identity).username();
    }
}
