package io.govclear.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.security.PasswordHashing;
import io.govclear.security.Totp;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.inject.spi.CDI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;

/**
 * A browser on the console, as REST Assured sees one: it keeps the cookies the engine sets, follows no redirects (the
 * tests look at them), and reads the CSRF token from the last page that had a form.
 */
public final class Console {

    private static final Pattern SECRET = Pattern.compile("data-test=\"totp-secret\">([A-Z2-7]+)<");
    private static final Pattern HIDDEN = Pattern.compile("name=\"(_csrf|_prelogin)\" value=\"([^\"]*)\"");

    private final Map<String, String> cookies = new HashMap<>();
    private String csrf;
    private String prelogin;

    /** A new staff user with these roles (comma-separated) and password, for tests that lock or enrol someone. */
    public static String newUser(String roles, String password) {
        String username = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Db.execute("INSERT INTO staff_user (username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4)",
                username, "测试 " + username, PasswordHashing.hash(password, 1000), roles);
        return username;
    }

    /** Opens the sign-in form and posts these credentials; the answer is the form post's. */
    public Response signIn(String username, String password) {
        get("/console/login").then().statusCode(200);
        return post("/console/login", Map.of("username", username, "password", password));
    }

    /** Signs in a user whose sign-in is complete after the password (no second factor). */
    public static Console signedIn(String username, String password) {
        Console browser = new Console();
        browser.signIn(username, password).then().statusCode(303);
        browser.get("/console").then().statusCode(200);
        return browser;
    }

    /**
     * Signs in a user who must take a second factor (SUPERVISOR, ADMIN) and has none yet: enrols one at the sign-in
     * and finishes the sign-in with it.
     */
    public static Console enrolledAndSignedIn(String username, String password) {
        Console browser = new Console();
        assertThat(location(browser.signIn(username, password))).isEqualTo("/console/login/second-factor");
        Matcher secret = SECRET.matcher(browser.get("/console/login/second-factor").then().statusCode(200)
                .extract().asString());
        assertThat(secret.find()).as("the enrolment page shows the secret").isTrue();
        byte[] key = Base32.decode(secret.group(1));
        String code = Totp.code(key, Totp.step(CDI.current().select(TestClock.class).get().instant()));
        browser.post("/console/login/enrol", Map.of("code", code)).then().statusCode(200);
        browser.get("/console").then().statusCode(200);
        return browser;
    }

    public Response get(String path) {
        return remember(request().get(path));
    }

    /** A form post with the page's CSRF token (or the sign-in form's) added. */
    public Response post(String path, Map<String, String> form) {
        Map<String, String> fields = new HashMap<>(form);
        if (csrf != null) {
            fields.putIfAbsent("_csrf", csrf);
        }
        if (prelogin != null && path.equals("/console/login")) {
            fields.putIfAbsent("_prelogin", prelogin);
        }
        return remember(request().contentType("application/x-www-form-urlencoded; charset=UTF-8").formParams(fields).post(path));
    }

    /** A form post exactly as given: no token added. */
    public Response postWithout(String path, Map<String, String> form) {
        return remember(request().contentType("application/x-www-form-urlencoded").formParams(form).post(path));
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public String csrf() {
        return csrf;
    }

    public RequestSpecification request() {
        return given().redirects().follow(false).cookies(cookies);
    }

    private Response remember(Response response) {
        response.getDetailedCookies().forEach(c -> {
            if (c.getMaxAge() == 0) {
                cookies.remove(c.getName());
            } else {
                cookies.put(c.getName(), c.getValue());
            }
        });
        String type = response.getContentType();
        if (type != null && type.startsWith("text/html")) {
            Matcher hidden = HIDDEN.matcher(response.asString());
            while (hidden.find()) {
                if (hidden.group(1).equals("_csrf")) {
                    csrf = hidden.group(2);
                } else {
                    prelogin = hidden.group(2);
                }
            }
        }
        return response;
    }

    /** The location of a redirect, asserting it is one. */
    public static String location(Response response) {
        assertThat(response.statusCode()).as("a redirect").isIn(302, 303);
        return response.header("Location").replaceFirst("^https?://[^/]+", "");
    }
}
