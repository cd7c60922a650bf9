package io.govclear.security;

import io.govclear.common.GovClearConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The demo staff, one per role (clerk, supervisor, auditor, admin, officer), each with the password demo-&lt;user&gt;. */
@ApplicationScoped
public class DemoStaff {

    private static final List<List<String>> USERS = List.of(
            List.of("clerk", "王会计 (clerk)", "CLERK"),
            List.of("supervisor", "李科长 (supervisor)", "SUPERVISOR"),
            List.of("auditor", "赵审计 (auditor)", "AUDITOR"),
            List.of("admin", "系统管理员 (admin)", "ADMIN"),
            List.of("officer", "陈科员 (officer, 交警支队)", "UNIT_OFFICER"));

    /** The demo UNIT_OFFICER sees the traffic police's bills only. */
    private static final String OFFICER_UNIT = "HZ-TRAFFIC";

    @Inject Pool pool;
    @Inject GovClearConfig config;

    /**
     * Hashes the demo passwords. PBKDF2 is slow on purpose, so call this off the event loop (at start, on the main
     * thread) and pass the result to {@link #seed(List)}.
     */
    public List<Tuple> hashedUsers() {
        return USERS.stream()
                .map(u -> Tuple.of(u.get(0), u.get(1), PasswordHashing.hash("demo-" + u.get(0), config.console().passwordIterations()), u.get(2)))
                .toList();
    }

    /** Inserts the demo users that are missing. */
    public Uni<Void> seed(List<Tuple> hashedUsers) {
        return Multi.createFrom().iterable(hashedUsers)
                .onItem().transformToUniAndConcatenate(t -> pool.preparedQuery("""
                        INSERT INTO staff_user (username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (username) DO NOTHING""").execute(t))
                .collect().last()
                .chain(() -> pool.preparedQuery("INSERT INTO staff_unit_scope (username, unit_code) VALUES ($1, $2)"
                        + " ON CONFLICT DO NOTHING").execute(Tuple.of("officer", OFFICER_UNIT)))
                .replaceWithVoid();
    }
}
