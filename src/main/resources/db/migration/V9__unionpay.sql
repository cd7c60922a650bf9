-- UnionPay ACP knows a transaction by merId + orderId + txnTime: a query, refund query or file request must repeat
-- the txnTime the transaction was sent with, so the adapter remembers it for every consume and refund it signs.
-- A consume's signed form is kept too: the payer's browser posts it to UnionPay from our page (/pay/unionpay/{id}).
CREATE TABLE unionpay_txn (
    order_id    varchar(40)  PRIMARY KEY CHECK (order_id ~ '^[A-Za-z0-9]{8,40}$'),
    payment_id  varchar(32)  NOT NULL,
    txn_type    char(2)      NOT NULL CHECK (txn_type IN ('01', '04')),
    txn_time    char(14)     NOT NULL,
    txn_amt     bigint       NOT NULL CHECK (txn_amt > 0),
    form        jsonb,
    created_at  timestamptz  NOT NULL
);
CREATE INDEX unionpay_txn_payment ON unionpay_txn (payment_id);
