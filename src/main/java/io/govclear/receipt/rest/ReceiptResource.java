package io.govclear.receipt.rest;

import io.govclear.common.GovClearConfig;
import io.govclear.receipt.ChainVerifier;
import io.govclear.receipt.ReceiptPdf;
import io.govclear.receipt.ReceiptService;
import io.govclear.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Receipts: anyone holding a receipt's number and check code may verify it or fetch its PDF (a wrong code is the
 * same 404 as an unknown number); finance staff verify the whole chain.
 */
@Path("/api/v1/receipts")
@Tag(name = "Receipts", description = "Electronic payment receipts (电子缴款凭证): verify, PDF, chain")
public class ReceiptResource {

    @Inject ReceiptService receipts;
    @Inject ChainVerifier chain;
    @Inject ReceiptPdf pdf;
    @Inject GovClearConfig config;

    @GET
    @PermitAll
    @Path("/{receiptNo}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Verify a receipt: its fields when the check code matches, its hash recomputed (public)")
    public Uni<ReceiptResponse> verify(@PathParam("receiptNo") String receiptNo,
            @QueryParam("checkCode") String checkCode) {
        return receipts.verify(receiptNo, checkCode)
                .map(v -> ReceiptResponse.of(v, pdfUrl(v.receipt().receiptNo(), v.receipt().checkCode())));
    }

    @GET
    @PermitAll
    @Path("/{receiptNo}.pdf")
    @Produces("application/pdf")
    @Operation(summary = "The receipt as PDF (public, with its check code)")
    public Uni<Response> pdf(@PathParam("receiptNo") String receiptNo, @QueryParam("checkCode") String checkCode) {
        return receipts.verify(receiptNo, checkCode)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(v -> Response.ok(pdf.render(v, verifyUrl(v.receipt().receiptNo(), v.receipt().checkCode())),
                                "application/pdf")
                        .header("Content-Disposition", "inline; filename=\"receipt-" + receiptNo + ".pdf\"")
                        .build());
    }

    @GET
    @Path("/chain/verify")
    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Verify the whole receipt chain (finance staff, HTTP Basic)")
    public Uni<ChainVerifier.Report> verifyChain() {
        return chain.verify();
    }

    private String pdfUrl(String receiptNo, String checkCode) {
        return config.publicBaseUrl() + "/api/v1/receipts/" + receiptNo + ".pdf?checkCode=" + checkCode;
    }

    private String verifyUrl(String receiptNo, String checkCode) {
        return config.publicBaseUrl() + "/api/v1/receipts/" + receiptNo + "?checkCode=" + checkCode;
    }
}
