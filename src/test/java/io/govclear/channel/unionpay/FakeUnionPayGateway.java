package io.govclear.channel.unionpay;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only UnionPay query endpoint that answers, signed with UnionPay's test key, whatever respCode and origRespCode
 * a test set for an orderId: states the simulator never reaches (03/04/05 in progress, busy).
 */
@Singleton
@PermitAll
@Path("/test/unionpay-gateway")
public class FakeUnionPayGateway {

    private final Map<String, String[]> codes = new ConcurrentHashMap<>();

    public void answer(String orderId, String respCode, String origRespCode) {
        codes.put(orderId, new String[] { respCode, origRespCode });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String query(MultivaluedMap<String, String> form) {
        String orderId = form.getFirst("orderId");
        String[] answer = codes.getOrDefault(orderId, new String[] { "03", null });
        Map<String, String> fields = new TreeMap<>();
        fields.put("version", AcpMessages.VERSION);
        fields.put("merId", form.getFirst("merId"));
        fields.put("orderId", orderId);
        fields.put("txnTime", form.getFirst("txnTime"));
        fields.put("txnAmt", "100");
        fields.put("respCode", answer[0]);
        fields.put("respMsg", "test");
        if (answer[1] != null) {
            fields.put("origRespCode", answer[1]);
        }
        return AcpMessages.write(UnionPayFixtures.signed(fields, UnionPayFixtures.unionPayCert(),
                UnionPayFixtures.unionPayKey()));
    }
}
