package io.govclear.simulator.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.simulator.SimProblem;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The payout file as the payout bank checks it before paying a fen: each fault named by its line. */
class PayoutFileTest {

    static final LocalDate DAY = LocalDate.of(2031, 3, 10);

    /** A file as the engine's PayoutFile renders it: two vouchers, the first with two lines, one negative. */
    static final String FILE = String.join("\n",
            "H|GC2031031000001|20310310|TREASURY|330000|PROVINCE|2|6000",
            "D|GC2031031000001|1|103040101|交通罚没收入|6500|FINE-TRAFFIC|HZ-TRAFFIC|杭州市公安局交通警察支队",
            "D|GC2031031000001|2|103040101|交通罚没收入|-500|FINE-TRAFFIC|HZ-TRAFFIC|杭州市公安局交通警察支队",
            "H|GC2031031000002|20310310|UNIT_ACCOUNT|1202020109900000099|UNIT|1|3000",
            "D|GC2031031000002|1|1030499|学费|3000|TUITION-UG|ZJU|浙江大学",
            "T|2031-03-10|1|2|9000", "");

    @Test
    void aWellFormedFileGivesItsVouchers() {
        assertThat(PayoutFile.parse(FILE, DAY, 1)).containsExactly(
                new PayoutFile.Voucher("GC2031031000001", "TREASURY", "330000", "PROVINCE", 6000),
                new PayoutFile.Voucher("GC2031031000002", "UNIT_ACCOUNT", "1202020109900000099", "UNIT", 3000));
    }

    @Test
    void aFileWithoutVouchersPaysNothing() {
        assertThat(PayoutFile.parse("T|2031-03-10|1|0|0\n", DAY, 1)).isEmpty();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "|-500|;|-400|;line 1: the D lines of voucher GC2031031000001 add up to 6100 fen, not its sum 6000",
            "T|2031-03-10|1|2|9000;T|2031-03-10|1|3|9000;line 6: the file counts 3 vouchers but holds 2",
            "T|2031-03-10|1|2|9000;T|2031-03-10|1|2|9001;line 6: the total 9001 is not the vouchers' sum 9000",
            "T|2031-03-10|1|2|9000;T|2031-03-09|1|2|9000;line 6: the file is of 2031-03-09, not of 2031-03-10",
            "T|2031-03-10|1|2|9000;T|2031-03-10|2|2|9000;line 6: the file is issue 2, not issue 1",
            "|UNIT|1|3000;|UNIT|2|3000;line 4: voucher GC2031031000002 announces 2 lines but has 1",
            "D|GC2031031000002|1|;D|GC2031031000001|1|;line 5: a D line must follow the H line of its voucher",
            "D|GC2031031000001|2|;D|GC2031031000001|3|;line 3: line number 3 of voucher GC2031031000001 is out",
            "GC2031031000002|20310310;GC2031031000001|20310310;line 4: voucher GC2031031000001 appears twice",
            "|6500|;|65.00|;line 2: amountFen must be a whole number of fen, not '65.00'",
            "|PROVINCE|2|6000;|PROVINCE|2|6000|x;line 1: has 9 fields, not 8",
            "T|2031-03-10|1|2|9000;X|2031-03-10|1|2|9000;line 6: a line starts with H, D or T",
            "T|2031-03-10|1|2|9000\\n;T|2031-03-10|1|2|9000\\nT|2031-03-10|1|2|9000\\n;line 7: nothing may follow",
            "T|2031-03-10|1|2|9000\\n;;line 6: the file ends without its T line",
            "|20310310|TREASURY|;|2031-03-10|TREASURY|;line 1: the voucher date must be yyyyMMdd" })
    void aBrokenFileIsRefusedNamingItsLine(String replaced, String by, String problem) {
        // a backslash and n in a case stand for a line end
        String broken = FILE.replaceFirst(Pattern.quote(replaced.replace("\\n", "\n")),
                Matcher.quoteReplacement(by == null ? "" : by.replace("\\n", "\n")));
        assertThat(broken).isNotEqualTo(FILE);

        assertThatThrownBy(() -> PayoutFile.parse(broken, DAY, 1))
                .isInstanceOfSatisfying(SimProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.code()).isEqualTo("PAYOUT_FILE_INVALID");
                })
                .hasMessageStartingWith(problem);
    }
}
