-- Live feeds (issue 15, ADR 0022/0023): the sources every console and `serve` share.
-- A source's settings are one JSON document (its kind's fields); a password is never stored, only
-- the name of the environment variable that holds it.
CREATE TABLE source_setting (
    name        VARCHAR(64)  PRIMARY KEY,
    kind        VARCHAR(16)  NOT NULL,
    enabled     BOOLEAN      DEFAULT TRUE NOT NULL,
    config      VARCHAR(4000) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(64),
    CONSTRAINT ck_source_kind CHECK (kind IN ('cfx', 'folder'))
);

-- What the process running a source last said about it (heartbeat every few seconds): the
-- Sources panel and `sources list` of any console read it.
CREATE TABLE source_status (
    name            VARCHAR(64) PRIMARY KEY,
    state           VARCHAR(16) NOT NULL,
    state_since     TIMESTAMP WITH TIME ZONE NOT NULL,
    host            VARCHAR(200),
    messages        BIGINT      DEFAULT 0 NOT NULL,
    per_second      DOUBLE PRECISION DEFAULT 0 NOT NULL,
    errors          BIGINT      DEFAULT 0 NOT NULL,
    last_message_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(2000),
    last_error_at   TIMESTAMP WITH TIME ZONE,
    heartbeat_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Files a hot folder took, by content: the claim (one atomic insert or update) decides which
-- console imports a file; a file whose content was imported already is a no-op.
CREATE TABLE source_file (
    source_name VARCHAR(64)  NOT NULL,
    sha256      CHAR(64)     NOT NULL,
    file_name   VARCHAR(500) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    batch_id    BIGINT,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    message     VARCHAR(2000),
    PRIMARY KEY (source_name, sha256),
    CONSTRAINT ck_source_file_status CHECK (status IN ('IMPORTING', 'DONE', 'ERROR'))
);

-- Broker messages are integration messages of their own channel.
ALTER TABLE integration_message DROP CONSTRAINT ck_message_channel;
ALTER TABLE integration_message ADD CONSTRAINT ck_message_channel
    CHECK (channel IN ('FILE', 'MANUAL', 'GATEWAY', 'DEMO', 'BROKER'));
CREATE INDEX ix_message_channel_external ON integration_message (channel, external_id);
