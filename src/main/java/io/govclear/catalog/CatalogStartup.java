package io.govclear.catalog;

import io.govclear.common.GovClearConfig;
import io.govclear.security.DemoStaff;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * At start (after Flyway): seed the demo catalog and staff when switched on, load the catalog snapshot, then let the
 * scheduled jobs run. The scheduler starts halted ({@code quarkus.scheduler.start-mode=halted}) so that no job runs
 * on an empty catalog (receipts were once drafted before the items were there).
 */
@Singleton
public class CatalogStartup {

    private static final Logger LOG = Logger.getLogger(CatalogStartup.class);

    void onStart(@Observes StartupEvent event, GovClearConfig config, DemoCatalog demo, DemoStaff staff,
            CatalogService catalog, Scheduler scheduler) throws Throwable {
        List<Tuple> demoUsers = config.demo().seed() ? staff.hashedUsers() : List.of();
        VertxContextSupport.subscribeAndAwait(() -> (config.demo().seed()
                ? demo.seed().chain(() -> staff.seed(demoUsers))
                : Uni.createFrom().voidItem())
                .chain(catalog::reload));
        scheduler.resume();
        if (config.demo().seed()) {
            LOG.infof("demo catalog loaded: %d units (secret demo-secret-<unit code>)",
                    catalog.current().unitsById().size());
        }
    }
}
