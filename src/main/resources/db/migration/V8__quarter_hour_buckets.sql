-- Issue 11 (the factory calendar, docs/decisions/0011): counter buckets become quarter hours
-- (UTC-aligned), so a production day in any time zone (+05:30, +05:45 …) with any quarter-hour
-- day start begins on a bucket edge. The column names say so. V8_1 re-sums the buckets from the
-- events. A bucket also keeps the earliest start of its events (the typed start, a CFX
-- WorkStarted, a window's StartTime, else the event time): the form's 开始时间.
ALTER TABLE counter_bucket RENAME COLUMN bucket_hour TO bucket_start;
ALTER INDEX ix_bucket_hour RENAME TO ix_bucket_start;
ALTER TABLE bucket_source RENAME COLUMN bucket_hour TO bucket_start;
ALTER TABLE counter_bucket ADD COLUMN first_start_at TIMESTAMP WITH TIME ZONE;
