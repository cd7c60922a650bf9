package io.govclear.simulator.wechatpay;

/** An error the simulated WeChat Pay answers with: HTTP status and its {"code", "message"} body. */
public class WechatPayError extends RuntimeException {

    private final int status;
    private final String code;

    public WechatPayError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
