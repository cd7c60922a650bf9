package io.govclear.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The payer's browser on a UnionPay payUrl: loads the engine's page, reads the signed consume form it would
 * auto-submit, and posts it to UnionPay's front URL (the simulator), as a browser does.
 */
public final class UnionPayBrowser {

    private static final Pattern ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern INPUT = Pattern.compile(
            "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    /** The form on the page, and where it goes. */
    public record Form(String action, Map<String, String> fields) {
    }

    private UnionPayBrowser() {
    }

    public static Form form(String payUrl) {
        String html = given().get(payUrl).then().statusCode(200).extract().asString();
        Matcher action = ACTION.matcher(html);
        if (!action.find()) {
            throw new AssertionError("no form on " + payUrl);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(html);
        while (input.find()) {
            fields.put(unescape(input.group(1)), unescape(input.group(2)));
        }
        return new Form(unescape(action.group(1)), fields);
    }

    /** Opens the payUrl and submits its form; returns UnionPay's answer (the payer page). */
    public static Response open(String payUrl) {
        return submit(form(payUrl));
    }

    public static Response submit(Form form) {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParams(form.fields())
                .post(form.action());
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
