package io.govclear.simulator.agentbank;

import io.govclear.simulator.SimProblem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The simulated agent bank over HTTP: the collection account's daily statement (camt.053 or CSV), and the controls
 * that make a settlement late, short or missing and that book a payer's own transfer.
 */
@Path("/sim/agent-bank")
public class AgentBankResource {

    private final AgentBank bank;

    AgentBankResource(AgentBank bank) {
        this.bank = bank;
    }

    /** Answer of POST credits. */
    public record Booked(String bankReference) {
    }

    @GET
    @Path("statements/{date}")
    @Produces({ MediaType.APPLICATION_XML, "text/csv" })
    @Operation(summary = "The collection account's statement of a booking date: format camt053 (default) or csv")
    public Response statement(@PathParam("date") String date, @QueryParam("format") String format) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw SimProblem.invalid("date", "must be a date like 2026-12-08");
        }
        boolean csv = "csv".equals(format);
        if (!csv && format != null && !"camt053".equals(format)) {
            throw SimProblem.invalid("format", "must be camt053 or csv");
        }
        Statement statement = bank.statement(day);
        StreamingOutput body = out -> {
            if (csv) {
                CsvWriter.write(statement, out);
            } else {
                CamtWriter.write(statement, out);
            }
        };
        String name = statement.account() + "_" + AgentBank.DAY.format(day) + (csv ? ".csv" : ".xml");
        return Response.ok(body, csv ? "text/csv" : MediaType.APPLICATION_XML)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }

    @POST
    @Path("faults")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Control: a channel's settlement of a date comes LATE (a day after due), SHORT or MISSING")
    public SettlementFault fault(SettlementFaultRequest request) {
        return bank.addFault(request);
    }

    @POST
    @Path("credits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Control: a payer's own transfer (未明款项) booked on a date without reference; 201 {bankReference}")
    public Response credit(CreditRequest request) {
        AccountEntry entry = bank.credit(request);
        return Response.status(201).entity(new Booked(entry.bankReference())).build();
    }
}
