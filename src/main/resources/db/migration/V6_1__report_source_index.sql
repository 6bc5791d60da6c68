-- Reports (issue 6): where a form row's numbers came from is looked up per job and production day
-- (hover in the report view). Without this index that lookup scans every event of the table.
CREATE INDEX ix_event_job_time ON production_event (job_id, event_time);
