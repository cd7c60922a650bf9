package io.govclear.funds.statement;

/** A statement that cannot be read as it is: where ({@link #location()}: "line 7", or an element path) and why. */
public class BankStatementException extends RuntimeException {

    private final String location;

    public BankStatementException(String location, String message) {
        super(message);
        this.location = location;
    }

    public BankStatementException(String location, String message, Throwable cause) {
        super(message, cause);
        this.location = location;
    }

    public String location() {
        return location;
    }
}
