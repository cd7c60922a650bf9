package io.govclear.order.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.govclear.common.GovClearConfig;
import io.govclear.common.JsonProblems;
import io.govclear.common.Page;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.Rejections;
import io.govclear.common.Validation;
import io.govclear.order.OrderStatus;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.service.IssueOutcome;
import io.govclear.payment.rest.PaymentResponse;
import io.govclear.payment.service.PaymentService;
import io.govclear.receipt.ReceiptService;
import io.govclear.refund.rest.RefundResponse;
import io.govclear.refund.service.RefundService;
import io.govclear.order.service.OrderService;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.SignedRequest;
import io.govclear.security.UnitSignatureMechanism;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The collecting-unit API. Every call is signed ({@link UnitSignatureMechanism}); the mechanism reads the body
 * because the signature covers its exact bytes, and the endpoint parses and validates those bytes here.
 */
@Path("/api/v1/orders")
@RolesAllowed(Roles.UNIT)
@HttpAuthenticationMechanism(UnitSignatureMechanism.SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collecting units", description = "Signed API: issue, query, list and cancel bills")
@SecurityRequirement(name = "unitSignature")
public class UnitOrderResource {

    @Inject SecurityIdentity identity;
    @Inject OrderService orders;
    @Inject OrderViews views;
    @Inject PaymentService payments;
    @Inject ReceiptService receipts;
    @Inject RefundService refunds;
    @Inject Validator validator;
    @Inject GovClearConfig config;
    @Inject Rejections rejections;
    private final ObjectReader createReader;
    private final ObjectReader batchReader;
    private final ObjectReader cancelReader;

    public UnitOrderResource(ObjectMapper json) {
        this.createReader = json.readerFor(CreateOrderRequest.class);
        this.batchReader = json.readerFor(BatchOrderRequest.class);
        this.cancelReader = json.readerFor(CancelOrderRequest.class);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue one bill (idempotent on unitOrderNo)")
    @RequestBody(content = @Content(schema = @Schema(implementation = CreateOrderRequest.class)))
    public Uni<Response> issue() {
        SignedRequest request = Callers.unit(identity);
        CreateOrderRequest bill = JsonProblems.readObject(createReader, request.body());
        return orders.issue(request, List.of(bill))
                .map(outcomes -> {
                    IssueOutcome outcome = outcomes.get(0);
                    if (outcome instanceof IssueOutcome.Rejected r) {
                        throw r.problem();
                    }
                    OrderResponse view = views.order(outcome.order(), orders.today(), null);
                    return outcome instanceof IssueOutcome.Created
                            ? Response.created(URI.create("/api/v1/orders/" + view.paymentCode())).entity(view).build()
                            : Response.ok(view).build();
                });
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue up to 1,000 bills; each is validated and idempotent on its own")
    @RequestBody(content = @Content(schema = @Schema(implementation = BatchOrderRequest.class)))
    public Uni<BatchOrderResponse> issueBatch() {
        SignedRequest request = Callers.unit(identity);
        BatchOrderRequest batch = JsonProblems.readObject(batchReader, request.body());
        if (batch.orders() == null || batch.orders().isEmpty()) {
            throw ProblemException.invalid("orders", "must hold at least one bill");
        }
        if (batch.orders().size() > config.orders().maxBatchSize()) {
            throw new ProblemException(ProblemCode.BATCH_TOO_LARGE,
                    "A batch holds at most " + config.orders().maxBatchSize() + " bills, got "
                            + batch.orders().size());
        }
        return orders.issue(request, batch.orders())
                .map(outcomes -> {
                    List<BatchOrderResponse.Result> results = new ArrayList<>(outcomes.size());
                    for (IssueOutcome outcome : outcomes) {
                        if (outcome instanceof IssueOutcome.Rejected r) {
                            rejections.count(r.problem().code());
                        }
                        results.add(outcome instanceof IssueOutcome.Rejected r
                                ? new BatchOrderResponse.Result(r.unitOrderNo(), "REJECTED", null,
                                        r.problem().toProblem(null))
                                : new BatchOrderResponse.Result(outcome.unitOrderNo(),
                                        outcome instanceof IssueOutcome.Created ? "CREATED" : "EXISTING",
                                        outcome.order().paymentCode(), null));
                    }
                    return new BatchOrderResponse(results);
                });
    }

    @GET
    @Path("/{paymentCode}")
    @Operation(summary = "One of the unit's bills; another unit's code is 404")
    public Uni<OrderResponse> find(@PathParam("paymentCode") String paymentCode) {
        SignedRequest request = Callers.unit(identity);
        return orders.find(request, paymentCode)
                .chain(this::withPayments);
    }

    @GET
    @Operation(summary = "The unit's bills, newest first; from/to filter the issue date (Asia/Shanghai), page from 0")
    public Uni<Page<OrderResponse>> list(@QueryParam("status") String status, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("page") String page, @QueryParam("size") String size) {
        SignedRequest request = Callers.unit(identity);
        OrderStatus statusFilter = QueryParams.oneOf("status", status, OrderStatus.class);
        LocalDate fromDate = QueryParams.date("from", from);
        LocalDate toDate = QueryParams.date("to", to);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        int pageNo = QueryParams.integer("page", page, 0, 0, 1_000_000);
        int pageSize = QueryParams.integer("size", size, config.orders().defaultPageSize(), 1,
                config.orders().maxPageSize());
        LocalDate today = orders.today();
        return orders.list(request, statusFilter, fromDate, toDate, pageNo, pageSize)
                .map(p -> new Page<>(p.page(), p.size(), p.total(),
                        p.items().stream().map(o -> views.order(o, today, null)).toList()));
    }

    @POST
    @Path("/{paymentCode}/cancel")
    @Operation(summary = "Cancel an unpaid bill; optional body {reason} (application/json; none: no body at all)")
    @RequestBody(required = false, content = @Content(schema = @Schema(implementation = CancelOrderRequest.class)))
    public Uni<OrderResponse> cancel(@PathParam("paymentCode") String paymentCode,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        SignedRequest request = Callers.unit(identity);
        if (request.body().length > 0 && !isJson(contentType)) {
            throw new ProblemException(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "A reason is sent as application/json");
        }
        CancelOrderRequest cancel = request.body().length == 0 ? new CancelOrderRequest(null)
                : JsonProblems.readObject(cancelReader, request.body());
        var violations = validator.validate(cancel);
        if (!violations.isEmpty()) {
            throw Validation.toProblem(violations);
        }
        return orders.cancel(request, paymentCode, cancel.reason())
                .chain(this::withPayments);
    }

    private Uni<OrderResponse> withPayments(StoredOrder order) {
        return payments.attemptsOf(order.id())
                .chain(attempts -> refunds.ofOrder(order.id())
                        .map(refunded -> views.order(order, orders.today(),
                                attempts.stream().map(PaymentResponse::of).toList(),
                                refunded.stream().map(RefundResponse::of).toList())))
                .chain(view -> receipts.forOrder(order.id())
                        .map(receipt -> receipt.isPresent() ? view.withReceipt(receipt.get()) : view));
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
