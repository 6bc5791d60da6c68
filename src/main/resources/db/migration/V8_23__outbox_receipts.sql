-- Store and forward exactly once (ADR 0030): a record forwarded from a console's local outbox
-- leaves its receipt here, in the transaction that writes it. A forward whose commit answer was
-- lost is sent again; its receipt is found and it writes nothing twice (import batch counters,
-- integration messages). result_id: the batch an OPEN_BATCH opened, the message a message kept.
CREATE TABLE outbox_receipt (
    outbox_id   VARCHAR(64) NOT NULL,
    seq         BIGINT      NOT NULL,
    result_id   BIGINT,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_outbox_receipt PRIMARY KEY (outbox_id, seq)
);
