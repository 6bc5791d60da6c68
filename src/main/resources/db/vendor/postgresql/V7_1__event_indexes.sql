-- PostgreSQL's part of V7. Batches are appended in order, so a BRIN index finds a batch's events
-- for a void at almost no cost per inserted row (H2 has no BRIN: its V7_1 drops the index).
DROP INDEX ix_event_batch;
CREATE INDEX ix_event_batch ON production_event USING brin (batch_id);

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
