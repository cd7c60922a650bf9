package io.govclear.catalog.bulk;

import io.govclear.common.ProblemException.CellError;
import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.UnitDraft;
import java.util.List;

/**
 * What a file holds: the drafts of its valid rows, and every error of every row. A row with any error gives no draft,
 * so the file may be proposed only when {@link #errors()} is empty.
 */
public record Parsed(List<Line<UnitDraft>> units, List<Line<ItemDraft>> items, List<CellError> errors) {

    public Parsed {
        units = List.copyOf(units);
        items = List.copyOf(items);
        errors = List.copyOf(errors);
    }

    /** Whether the whole file is valid. */
    public boolean valid() {
        return errors.isEmpty();
    }
}
