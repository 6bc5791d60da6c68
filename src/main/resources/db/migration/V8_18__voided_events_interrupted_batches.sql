-- Issue 18 (reliability).
-- * A voided event leaves production_event for voided_event (ADR 0015): production_event holds
--   live facts only, so a voided event no longer blocks its id and a batch can be imported again
--   after a void. The same id may be voided more than once (import, void, re-import, void), so
--   voided_event has no unique key on it.
CREATE TABLE voided_event (
    event_id    VARCHAR(200) NOT NULL,
    event_time  TIMESTAMP WITH TIME ZONE NOT NULL,
    start_time  TIMESTAMP WITH TIME ZONE,
    source      VARCHAR(8)   NOT NULL,
    line_id     BIGINT       NOT NULL,
    machine_id  BIGINT,
    job_id      BIGINT       NOT NULL,
    boards      BIGINT       NOT NULL,
    picks       BIGINT       NOT NULL,
    placements  BIGINT       NOT NULL,
    rejects     BIGINT       NOT NULL,
    operator_id VARCHAR(64),
    batch_id    BIGINT,
    message_id  BIGINT,
    remark      VARCHAR(2000),
    raw_text    VARCHAR,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    source_row  BIGINT,
    voided_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_voided_event_id ON voided_event (event_id);
CREATE INDEX ix_voided_event_batch ON voided_event (batch_id);
INSERT INTO voided_event (event_id, event_time, start_time, source, line_id, machine_id, job_id, boards, picks, placements,
    rejects, operator_id, batch_id, message_id, remark, raw_text, received_at, source_row, voided_at)
    SELECT event_id, event_time, start_time, source, line_id, machine_id, job_id, boards, picks, placements, rejects,
        operator_id, batch_id, message_id, remark, raw_text, received_at, source_row, received_at
    FROM production_event WHERE voided = TRUE;
DELETE FROM production_event WHERE voided = TRUE;

-- * Voiding a manual entry claims its message in the same statement that checks it (one row,
--   one atomic step), as a batch void claims its import_batch row.
ALTER TABLE integration_message ADD COLUMN voided BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE integration_message SET voided = TRUE WHERE channel = 'MANUAL' AND EXISTS (
    SELECT 1 FROM message_event me JOIN voided_event v ON v.event_id = me.event_id
    WHERE me.message_id = integration_message.id)
    AND NOT EXISTS (SELECT 1 FROM message_event me JOIN production_event e ON e.event_id = me.event_id
    WHERE me.message_id = integration_message.id);

-- * A batch whose import died (kill -9, a lost connection) is found by its stale heartbeat and
--   marked INTERRUPTED with the counts its committed chunks wrote.
ALTER TABLE import_batch ADD COLUMN heartbeat_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE import_batch DROP CONSTRAINT ck_batch_status;
ALTER TABLE import_batch ADD CONSTRAINT ck_batch_status
    CHECK (status IN ('RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED', 'INTERRUPTED'));
