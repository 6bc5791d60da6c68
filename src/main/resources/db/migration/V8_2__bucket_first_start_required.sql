-- V8_1 filled first_start_at for every bucket; from now on every writer sets it.
ALTER TABLE counter_bucket ALTER COLUMN first_start_at SET NOT NULL;
