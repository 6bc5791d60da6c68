-- PostgreSQL's part of V7 (H2 has neither BRIN nor partial indexes: its V7_1 keeps B-trees).
-- Batches are appended in order, so a BRIN index finds a batch's events for a void at almost no
-- cost per inserted row; message ids exist only on manual and message rows, so only those are
-- indexed.
DROP INDEX ix_event_batch;
CREATE INDEX ix_event_batch ON production_event USING brin (batch_id);
DROP INDEX ix_event_message;
CREATE INDEX ix_event_message ON production_event (message_id) WHERE message_id IS NOT NULL;

-- The source text of a file import's accepted rows: one deflated piece per chunk (dev.smtconsole.store.BatchText).
CREATE TABLE batch_text (
    batch_id  BIGINT NOT NULL,
    first_row BIGINT NOT NULL,
    last_row  BIGINT NOT NULL,
    row_count INT    NOT NULL,
    body      BYTEA  NOT NULL,
    CONSTRAINT pk_batch_text PRIMARY KEY (batch_id, first_row)
);
-- Pieces come deflated already: TOAST need not try to compress them again.
ALTER TABLE batch_text ALTER COLUMN body SET STORAGE EXTERNAL;
