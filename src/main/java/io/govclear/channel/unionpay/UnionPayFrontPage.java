package io.govclear.channel.unionpay;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A UnionPay consume's payUrl: a page that posts the signed consume form to UnionPay's frontTransUrl by itself (a
 * button too, for browsers without JavaScript), as the official SDK's createAutoFormHtml does. The form is the one
 * the adapter signed at checkout; the page holds nothing secret.
 */
@Path("/pay/unionpay")
@PermitAll
public class UnionPayFrontPage {

    /** One hidden form field. */
    public record Field(String name, String value) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(String action, List<Field> fields);
    }

    @Inject UnionPayTxns txns;
    @Inject UnionPayConfig config;

    @GET
    @Path("/{paymentId}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The page that posts a UnionPay consume's signed form to the UnionPay gateway (HTML)")
    public Uni<TemplateInstance> page(@PathParam("paymentId") String paymentId) {
        return txns.find(paymentId)
                .map(found -> found.filter(txn -> txn.form() != null)
                        .map(txn -> Templates.form(config.frontTransUrl(), fields(txn.form())))
                        .orElseThrow(() -> new ProblemException(ProblemCode.PAYMENT_NOT_FOUND,
                                "No UnionPay payment " + paymentId)));
    }

    private static List<Field> fields(Map<String, String> form) {
        return form.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Field(e.getKey(), e.getValue())).toList();
    }
}
