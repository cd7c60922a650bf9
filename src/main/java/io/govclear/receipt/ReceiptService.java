package io.govclear.receipt;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Looking receipts up and verifying one. A receipt is shown only to who holds its check code; a wrong code and an
 * unknown number get the same 404, so the endpoint tells nothing about which receipts exist.
 */
@Singleton
public class ReceiptService {

    static final byte[] GENESIS = new byte[Sm3.LENGTH];

    @Inject ReceiptRepository receipts;
    @Inject ReceiptCodes codes;

    /**
     * A verified receipt: {@code intact} when its stored hash is SM3 of its content and of the previous receipt's
     * hash, and its check code is the keyed one; {@code mark} is VALID, PARTIALLY_REFUNDED, REFUNDED or REVERSED,
     * from the bill's status now (never hashed).
     */
    public record Verified(Receipt receipt, boolean intact, String mark) {
    }

    public Uni<Verified> verify(String receiptNo, String checkCode) {
        if (receiptNo == null || !receiptNo.matches("[0-9]{18}") || checkCode == null) {
            return Uni.createFrom().failure(notFound());
        }
        return receipts.findByNo(receiptNo)
                .map(found -> {
                    if (found.isEmpty() || !ReceiptCodes.matches(checkCode, found.get().receipt().checkCode())) {
                        throw notFound();
                    }
                    Receipt r = found.get().receipt();
                    byte[] expectedPrevious = r.seq() == 1 ? GENESIS : found.get().previousHash();
                    boolean intact = expectedPrevious != null && MessageDigest.isEqual(r.prevHash(), expectedPrevious)
                            && intact(r);
                    return new Verified(r, intact, mark(found.get().orderStatus()));
                });
    }

    /** The receipt of a bill, once issued. */
    public Uni<Optional<ReceiptRepository.Ref>> forOrder(long orderId) {
        return receipts.refForOrder(orderId);
    }

    /** The receipt a payment attempt paid for (none for a duplicate payment). */
    public Uni<Optional<ReceiptRepository.Ref>> forAttempt(long attemptId) {
        return receipts.refForAttempt(attemptId);
    }

    /** Its own hash and check code are right (the link to the previous receipt is checked by the caller). */
    boolean intact(Receipt r) {
        return MessageDigest.isEqual(r.hash(), r.computeHash())
                && r.checkCode().equals(codes.checkCode(r.receiptNo(), r.paymentCode(), r.totalFen(), r.issuedAt()));
    }

    private static String mark(String orderStatus) {
        return switch (orderStatus) {
            case "PAID" -> "VALID";
            case "PARTIALLY_REFUNDED", "REFUNDED" -> orderStatus;
            default -> "REVERSED";
        };
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemCode.RECEIPT_NOT_FOUND, "No receipt with this number and check code");
    }
}
