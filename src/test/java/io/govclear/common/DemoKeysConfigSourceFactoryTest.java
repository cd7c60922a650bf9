package io.govclear.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

class DemoKeysConfigSourceFactoryTest {

    private static ConfigSourceContext context(Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String v = values.get(name);
                return v == null ? null : ConfigValue.builder().withName(name).withValue(v).build();
            }

            @Override
            public List<String> getProfiles() {
                return List.of("prod");
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }
        };
    }

    private static List<ConfigSource> sources(Map<String, String> values) {
        return StreamSupport.stream(new DemoKeysConfigSourceFactory().getConfigSources(context(values)).spliterator(),
                false).toList();
    }

    @Test
    void demoSwitchesBringTheDemoProfileKeysAsLowFallbacks() {
        for (String sw : new String[] { "govclear.demo.seed", "govclear.simulator.enabled" }) {
            List<ConfigSource> found = sources(Map.of(sw, "true"));
            assertThat(found).hasSize(1);
            ConfigSource demo = found.get(0);
            assertThat(demo.getOrdinal()).isLessThan(250); // below application.properties and the environment
            assertThat(demo.getValue("govclear.pii.key")).isNotBlank();
            assertThat(demo.getValue("govclear.channels.alipay.private-key")).isNotBlank();
            assertThat(demo.getValue("govclear.simulator.wechat-pay.platform-private-key")).isNotBlank();
            // only demo-profile values: nothing of dev or test alone
            assertThat(demo.getValue("govclear.simulator.time-scale")).isNull();
        }
    }

    @Test
    void productionWithoutTheSwitchesGetsNoKeys() {
        assertThat(sources(Map.of("govclear.demo.seed", "false"))).isEmpty();
        assertThat(sources(Map.of())).isEmpty();
    }
}
