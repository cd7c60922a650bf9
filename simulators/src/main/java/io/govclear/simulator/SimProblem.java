package io.govclear.simulator;

/** A refused control or page request of the simulators, answered as an RFC 9457 problem with a stable code. */
public class SimProblem extends RuntimeException {

    private final int status;
    private final String code;

    public SimProblem(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static SimProblem badRequest(String code, String detail) {
        return new SimProblem(400, code, detail);
    }

    public static SimProblem invalid(String field, String message) {
        return new SimProblem(400, "VALIDATION_FAILED", field + ": " + message);
    }

    public static SimProblem unauthorized(String code, String detail) {
        return new SimProblem(401, code, detail);
    }

    public static SimProblem notFound(String code, String detail) {
        return new SimProblem(404, code, detail);
    }

    public static SimProblem conflict(String code, String detail) {
        return new SimProblem(409, code, detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
