package io.govclear.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The problem-code catalogue is sound and the README's "Problem codes" table says what it says. */
class ProblemCodeTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| (\\d{3}) \\| (.+) \\|$");

    @Test
    void everyCodeIsUniqueWithAnErrorStatusATitleAndAMeaning() {
        assertThat(Arrays.stream(ProblemCode.values()).map(ProblemCode::type)).doesNotHaveDuplicates();
        for (ProblemCode code : ProblemCode.values()) {
            assertThat(code.name()).matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");
            assertThat(code.status()).as(code.name()).isBetween(400, 599);
            assertThat(code.title()).as(code.name()).isNotBlank();
            assertThat(code.description()).as(code.name()).isNotBlank();
        }
    }

    @Test
    void theAnswerCarriesTheCatalogueStatusTitleCodeAndType() {
        ProblemException e = new ProblemException(ProblemCode.CHANNEL_UNAVAILABLE, "ALIPAY did not answer in time");
        Problem p = e.toProblem("/api/v1/bills/1/payments");
        assertThat(p.type()).isEqualTo("urn:govclear:problem:channel-unavailable");
        assertThat(p.status()).isEqualTo(503);
        assertThat(p.title()).isEqualTo("Channel unavailable");
        assertThat(p.code()).isEqualTo("CHANNEL_UNAVAILABLE");
        assertThat(p.detail()).isEqualTo("ALIPAY did not answer in time");
        assertThat(p.instance()).isEqualTo("/api/v1/bills/1/payments");
        assertThat(p.errors()).isNull();
        assertThat(ProblemException.invalid("to", "must not be before from").toProblem(null).errors())
                .containsExactly(new ProblemException.FieldError("to", "must not be before from"));
    }

    @Test
    void theReadmeListsEveryCodeWithItsStatusAndMeaning() throws IOException {
        Map<String, String> catalogue = new LinkedHashMap<>();
        for (ProblemCode code : ProblemCode.values()) {
            catalogue.put(code.name(), code.status() + " | " + code.description());
        }
        assertThat(readmeTable()).containsExactlyInAnyOrderEntriesOf(catalogue);
    }

    /** The rows of the table under "### Problem codes": code to "status | meaning". */
    private static Map<String, String> readmeTable() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf("### Problem codes");
        assertThat(start).as("README section \"### Problem codes\"").isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String before = rows.put(row.group(1), row.group(2) + " | " + row.group(3));
                assertThat(before).as(row.group(1) + " listed twice").isNull();
            }
        }
        return rows;
    }
}
