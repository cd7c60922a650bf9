package io.govclear.catalog;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every instance hears of a catalog change within moments: it LISTENs on {@code catalog_changed}, which the triggers
 * of V20 notify after each committed change of units, items or keys, and reloads its snapshot (a burst of changes is
 * one more reload, not one each). The scheduled reload stays as the fallback while the listening connection is down;
 * it reconnects on its own.
 */
@Singleton
public class CatalogChanges {

    private static final Logger LOG = Logger.getLogger(CatalogChanges.class);
    static final String CHANNEL = "catalog_changed";

    @Inject CatalogService catalog;
    @Inject Vertx vertx;
    @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url;
    @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password;

    private final AtomicBoolean reloading = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private PgSubscriber subscriber;

    void listen(@Observes @Priority(10) StartupEvent event) {
        if (url.isEmpty()) {
            return; // Dev Services: no URL configured here; the scheduled reload serves
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.get().replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
        subscriber.channel(CHANNEL).handler(table -> changed());
        subscriber.connect().subscribe().with(ok -> LOG.debugf("listening on %s", CHANNEL),
                e -> LOG.warnf("cannot listen on %s (%s); the catalog reloads on schedule", CHANNEL, e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    private void changed() {
        if (!reloading.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        // Hibernate Reactive's session needs a safe duplicated context of its own, as a request or a scheduled job has
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(nothing -> Uni.createFrom().deferred(catalog::reload).subscribe().with(ok -> done(), e -> {
            LOG.warnf(e, "reloading the catalog after a change failed; the scheduled reload tries again");
            done();
        }));
    }

    private void done() {
        reloading.set(false);
        if (again.getAndSet(false)) {
            changed();
        }
    }
}
