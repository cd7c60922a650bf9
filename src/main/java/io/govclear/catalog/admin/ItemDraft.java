package io.govclear.catalog.admin;

import io.govclear.catalog.AmountStandard;
import io.govclear.catalog.Destination;
import io.govclear.catalog.ItemCategory;
import io.govclear.catalog.LateFeeRule;
import io.govclear.common.ProblemException.FieldError;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A charge item's standard (执收标准) as proposed, in force from {@code effectiveFrom}: a new item, or a new version of
 * an existing one (same unit and code). Amounts are fen; late fee and budget-level shares are basis points, the five
 * shares making 10,000. {@link #errors()} lists every problem, none when it may be proposed.
 */
public record ItemDraft(String unitCode, String code, String name, ItemCategory category,
        String incomeClassification, AmountStandard amountStandard, Long fixedAmountFen, Long minAmountFen,
        Long maxAmountFen, LateFeeRule lateFeeRule, int lateFeeBpPerDay, boolean lateFeeCapped,
        Destination destination, int shareCentralBp, int shareProvinceBp, int shareCityBp, int shareCountyBp,
        int shareUnitBp, LocalDate effectiveFrom) {

    /** 收入分类科目: a class, kind, item and sub-item code of 3, 5 or 7 digits. */
    private static final Pattern INCOME_CLASSIFICATION = Pattern.compile("[0-9]{3}([0-9]{2}){0,2}");
    private static final long MAX_FEN = 100_000_000_000L;

    /** Every problem with the draft, field by field; empty when it is whole. */
    public List<FieldError> errors() {
        List<FieldError> errors = new ArrayList<>();
        if (unitCode == null || !UnitDraft.CODE.matcher(unitCode).matches()) {
            errors.add(new FieldError("unitCode", "must be a unit's code"));
        }
        if (code == null || !UnitDraft.CODE.matcher(code).matches()) {
            errors.add(new FieldError("code", "must be 2–32 of A–Z, 0–9 and '-', starting with a letter or digit"));
        }
        Drafts.text(errors, "name", name, 100);
        required(errors, "category", category);
        if (incomeClassification == null || !INCOME_CLASSIFICATION.matcher(incomeClassification).matches()) {
            errors.add(new FieldError("incomeClassification", "must be a 3, 5 or 7-digit income classification code"));
        }
        required(errors, "amountStandard", amountStandard);
        if (amountStandard == AmountStandard.FIXED) {
            positive(errors, "fixedAmountFen", fixedAmountFen, true);
            absent(errors, "minAmountFen", minAmountFen, "FIXED");
            absent(errors, "maxAmountFen", maxAmountFen, "FIXED");
        } else if (amountStandard == AmountStandard.RANGE) {
            absent(errors, "fixedAmountFen", fixedAmountFen, "RANGE");
            positive(errors, "minAmountFen", minAmountFen, true);
            positive(errors, "maxAmountFen", maxAmountFen, true);
            if (minAmountFen != null && maxAmountFen != null && maxAmountFen < minAmountFen) {
                errors.add(new FieldError("maxAmountFen", "must not be below minAmountFen"));
            }
        } else if (amountStandard == AmountStandard.FREE) {
            absent(errors, "fixedAmountFen", fixedAmountFen, "FREE");
            positive(errors, "minAmountFen", minAmountFen, false);
            positive(errors, "maxAmountFen", maxAmountFen, false);
        }
        required(errors, "lateFeeRule", lateFeeRule);
        if (lateFeeBpPerDay < 0 || lateFeeBpPerDay > 10_000) {
            errors.add(new FieldError("lateFeeBpPerDay", "must be 0–10,000 basis points a day"));
        } else if (lateFeeRule == LateFeeRule.NONE && (lateFeeBpPerDay != 0 || lateFeeCapped)) {
            errors.add(new FieldError("lateFeeBpPerDay", "must be 0 (and not capped) when lateFeeRule is NONE"));
        } else if (lateFeeRule != null && lateFeeRule != LateFeeRule.NONE && lateFeeBpPerDay == 0) {
            errors.add(new FieldError("lateFeeBpPerDay", "must be above 0 when there is a late fee"));
        }
        required(errors, "destination", destination);
        int[] shares = { shareCentralBp, shareProvinceBp, shareCityBp, shareCountyBp, shareUnitBp };
        String[] names = { "shareCentralBp", "shareProvinceBp", "shareCityBp", "shareCountyBp", "shareUnitBp" };
        long sum = 0;
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] < 0 || shares[i] > 10_000) {
                errors.add(new FieldError(names[i], "must be 0–10,000 basis points"));
            }
            sum += shares[i];
        }
        if (sum != 10_000) {
            errors.add(new FieldError("shareUnitBp", "the five shares must make 10,000 basis points (100 %), not "
                    + sum));
        }
        required(errors, "effectiveFrom", effectiveFrom);
        return errors;
    }

    private static void required(List<FieldError> errors, String field, Object value) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        }
    }

    private static void positive(List<FieldError> errors, String field, Long fen, boolean required) {
        if (fen == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (fen <= 0 || fen > MAX_FEN) {
            errors.add(new FieldError(field, "must be 1–" + MAX_FEN + " fen"));
        }
    }

    private static void absent(List<FieldError> errors, String field, Long fen, String standard) {
        if (fen != null) {
            errors.add(new FieldError(field, "must be empty for a " + standard + " standard"));
        }
    }
}
