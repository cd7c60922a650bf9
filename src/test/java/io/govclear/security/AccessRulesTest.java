package io.govclear.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the engine declares who may call it: {@code @RolesAllowed}, {@code @PermitAll} (public, on
 * purpose), {@code @Authenticated} or {@code @DenyAll}, on the method or its class. Walks every class compiled from
 * src/main/java, so an endpoint added without a rule fails here (and is denied at run time,
 * {@code quarkus.security.jaxrs.deny-unannotated-endpoints}).
 */
class AccessRulesTest {

    private static final Set<Class<? extends Annotation>> HTTP_METHODS = Set.of(GET.class, POST.class, PUT.class,
            DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);
    private static final Set<Class<? extends Annotation>> RULES = Set.of(RolesAllowed.class, PermitAll.class,
            Authenticated.class, DenyAll.class);

    @Test
    void everyEndpointDeclaresWhoMayCallIt() throws Exception {
        List<String> endpoints = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (Class<?> type : mainClasses()) {
            if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                continue; // REST client interfaces describe the channels' APIs, not ours
            }
            for (Method method : type.getDeclaredMethods()) {
                if (!isEndpoint(type, method)) {
                    continue;
                }
                String name = type.getSimpleName() + "." + method.getName();
                endpoints.add(name);
                if (!hasRule(method) && !hasRule(type)) {
                    open.add(name);
                }
            }
        }
        assertThat(endpoints).as("the walk found the engine's endpoints").hasSizeGreaterThan(30)
                .contains("UnitOrderResource.issue", "SettlementResource.confirm", "CallbackResource.notify");
        assertThat(open).as("endpoints without an access rule").isEmpty();
    }

    @Test
    void signedEndpointsTakeTheirBodyFromTheVerifiedRequest() throws Exception {
        // the signature mechanism has read the body; a body parameter there would read an empty stream
        List<String> wrong = new ArrayList<>();
        for (Class<?> type : mainClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                var scheme = method.getAnnotation(
                        io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism.class);
                if (scheme == null) {
                    scheme = type.getAnnotation(
                            io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism.class);
                }
                if (scheme != null && isEndpoint(type, method)
                        && Stream.of(method.getParameterTypes()).anyMatch(p -> p == byte[].class)) {
                    wrong.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static boolean isEndpoint(Class<?> type, Method method) {
        boolean http = HTTP_METHODS.stream().anyMatch(method::isAnnotationPresent);
        return (http || method.isAnnotationPresent(Path.class)) && type.isAnnotationPresent(Path.class);
    }

    private static boolean hasRule(AnnotatedElement element) {
        return RULES.stream().anyMatch(element::isAnnotationPresent);
    }

    private static List<Class<?>> mainClasses() throws IOException, ClassNotFoundException {
        java.nio.file.Path root = Paths.get("target", "classes");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, AccessRulesTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
