-- H2's part of V7. H2 has no BRIN index (PostgreSQL's V7_1 makes one): a B-tree on batch_id cost
-- every imported row another index entry, written and then committed one by one, for the sake
-- of voiding a batch now and then. Without it a batch void reads the whole event table, once.
-- Source text pieces are BLOB here where PostgreSQL uses BYTEA.
DROP INDEX ix_event_batch;

-- The source text of a file import's accepted rows: one deflated piece per chunk (dev.smtconsole.store.BatchText).
CREATE TABLE batch_text (
    batch_id  BIGINT NOT NULL,
    first_row BIGINT NOT NULL,
    last_row  BIGINT NOT NULL,
    row_count INT    NOT NULL,
    body      BLOB  NOT NULL,
    CONSTRAINT pk_batch_text PRIMARY KEY (batch_id, first_row)
);
