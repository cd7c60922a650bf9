package io.govclear.common;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The packaged engine runs its prod profile. When it is started as a demo (GOVCLEAR_DEMO_SEED=true or
 * GOVCLEAR_SIMULATOR_ENABLED=true) the throw-away keys of the "demo" profile in application.properties (personal-data
 * keys, channel test keys shared with the simulators) become fallbacks, below every other source: a key given in the
 * environment still wins, and without the switches production must supply every key itself.
 */
public class DemoKeysConfigSourceFactory implements ConfigSourceFactory {

    private static final int ORDINAL = 100;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!on(context, "govclear.demo.seed") && !on(context, "govclear.simulator.enabled")) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource("GovClear demo keys", demoProfileValues(), ORDINAL) {
        });
    }

    private static boolean on(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && "true".equalsIgnoreCase(value.getValue());
    }

    /** Every "%…demo….name=value" of application.properties, as "name=value". */
    private static Map<String, String> demoProfileValues() {
        Properties properties = new Properties();
        try (InputStream in = DemoKeysConfigSourceFactory.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            int dot = key.indexOf('.');
            if (key.startsWith("%") && dot > 0 && List.of(key.substring(1, dot).split(",")).contains("demo")) {
                values.put(key.substring(dot + 1), properties.getProperty(key));
            }
        }
        return values;
    }
}
