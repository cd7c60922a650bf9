package io.govclear.reconciliation.statement;

/** A statement that cannot be read or does not add up, with the line where it went wrong (0: the file as a whole). */
public class StatementFormatException extends RuntimeException {

    private final int lineNo;

    public StatementFormatException(int lineNo, String message) {
        super(lineNo > 0 ? "line " + lineNo + ": " + message : message);
        this.lineNo = lineNo;
    }

    public int lineNo() {
        return lineNo;
    }
}
