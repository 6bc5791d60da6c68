-- PostgreSQL only (H2 has neither BRIN nor partial indexes; its V7_1 is a comment).
-- Batches are appended in order, so a BRIN index finds a batch's events for a void at almost no
-- cost per inserted row; message ids exist only on manual and message rows, so only those are
-- indexed.
DROP INDEX ix_event_batch;
CREATE INDEX ix_event_batch ON production_event USING brin (batch_id);
DROP INDEX ix_event_message;
CREATE INDEX ix_event_message ON production_event (message_id) WHERE message_id IS NOT NULL;
