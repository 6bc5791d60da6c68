-- Integration messages are looked up by their external id (a broker message's id: was it written
-- before? a gateway post's eventId: which message wrote it?) and by channel and time (the newest
-- message of a channel for /health, a channel's recent payloads). The index of V8_22 led with the
-- channel, which most rows share: a plan made while the table was new (statistics of a few rows)
-- used it for the channel alone and read every message of the channel on each lookup — 30 ms a
-- lookup at 20,000 broker messages, growing until the table was analyzed again. Led by the
-- external id, the index can only be used for what it is for.
DROP INDEX ix_message_channel_external;
CREATE INDEX ix_message_external ON integration_message (external_id, channel);
CREATE INDEX ix_message_channel_received ON integration_message (channel, received_at);
