-- H2's part of V7: it keeps the B-tree indexes of V1 on batch_id and message_id (no BRIN, no
-- partial indexes; PostgreSQL's V7_1 replaces them with cheaper ones), and stores the source
-- text pieces as BLOB where PostgreSQL uses BYTEA.
COMMENT ON TABLE production_event IS 'The atomic ingested fact: one row per event id (DESIGN section 4).';

-- The source text of a file import's accepted rows: one deflated piece per chunk (dev.smtconsole.store.BatchText).
CREATE TABLE batch_text (
    batch_id  BIGINT NOT NULL,
    first_row BIGINT NOT NULL,
    last_row  BIGINT NOT NULL,
    row_count INT    NOT NULL,
    body      BLOB  NOT NULL,
    CONSTRAINT pk_batch_text PRIMARY KEY (batch_id, first_row)
);
