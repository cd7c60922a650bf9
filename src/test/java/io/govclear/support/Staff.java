package io.govclear.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Finance staff calling the engine with HTTP Basic. The demo users are clerk, supervisor, auditor and admin, each with
 * the password {@code demo-<user>} (the demo seed).
 */
public final class Staff {

    private Staff() {
    }

    /** A request as the demo user, e.g. {@code Staff.as("supervisor").post(…)}. */
    public static RequestSpecification as(String user) {
        return withPassword(user, password(user));
    }

    /** {@link #as} with a JSON content type, for requests that send a JSON body. */
    public static RequestSpecification sendingJson(String user) {
        return as(user).contentType("application/json");
    }

    /** A request with these credentials, for a wrong password or a user that is not a demo user. */
    public static RequestSpecification withPassword(String user, String password) {
        return given().auth().preemptive().basic(user, password);
    }

    /** The Authorization header value of the demo user, for clients other than REST Assured. */
    public static String authorization(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(user))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String password(String user) {
        return "demo-" + user;
    }
}
