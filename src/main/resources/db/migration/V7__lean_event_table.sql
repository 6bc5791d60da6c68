-- Issue 3 (import speed): the fact table keeps only the indexes its write path can afford.
-- * event_id, the idempotency key, becomes the primary key; the surrogate id (never read) goes,
--   and with it one index and one sequence step per imported row.
-- * The report's "where did this row come from" look-up no longer scans events by job and time:
--   bucket_source (below, kept in the same transaction as counter_bucket) answers it from a few
--   rows per job-hour, so ix_event_job_time is dropped.
ALTER TABLE production_event DROP COLUMN id;
ALTER TABLE production_event DROP CONSTRAINT uq_event_id;
ALTER TABLE production_event ADD CONSTRAINT pk_production_event PRIMARY KEY (event_id);
DROP INDEX ix_event_job_time;
-- * A file row's source text is no longer a column of every event: it is kept per chunk in
--   batch_text, deflated (V7_1: binary types differ), and the event names its row in the file. Rows from
--   the manual form or a message keep raw_text as before.
-- * received_at defaults to the time of the writing transaction, so bulk writes need not send it.
ALTER TABLE production_event ADD COLUMN source_row BIGINT;
ALTER TABLE production_event ALTER COLUMN received_at SET DEFAULT CURRENT_TIMESTAMP;

-- Who contributed to a counter bucket: per line x machine x job x hour x source x batch
-- (batch_id 0 = not from a file: the manual form or a message), the number of live events and
-- the first operator seen. Voids subtract their events; a row at 0 events is history only.
CREATE TABLE bucket_source (
    job_id      BIGINT      NOT NULL,
    line_id     BIGINT      NOT NULL,
    bucket_hour TIMESTAMP WITH TIME ZONE NOT NULL,
    machine_id  BIGINT      NOT NULL,
    source      VARCHAR(8)  NOT NULL,
    batch_id    BIGINT      NOT NULL,
    operator_id VARCHAR(64),
    event_count BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT pk_bucket_source PRIMARY KEY (job_id, line_id, bucket_hour, machine_id, source, batch_id)
);

-- The events of a message (a manual entry, later a gateway post): written with the events, read
-- to list and void manual entries. A few rows per message instead of an index on every event's
-- message_id, which file imports (no message) paid for on every row.
CREATE TABLE message_event (
    message_id BIGINT       NOT NULL,
    event_id   VARCHAR(200) NOT NULL,
    CONSTRAINT pk_message_event PRIMARY KEY (message_id, event_id)
);
INSERT INTO message_event (message_id, event_id)
    SELECT message_id, event_id FROM production_event WHERE message_id IS NOT NULL;
DROP INDEX ix_event_message;
