-- H2 keeps the B-tree indexes of V1 on batch_id and message_id (no BRIN, no partial indexes);
-- PostgreSQL's V7_1 replaces them with cheaper ones. The same version on both keeps one
-- schema-version number per release.
COMMENT ON TABLE production_event IS 'The atomic ingested fact: one row per event id (DESIGN section 4).';
