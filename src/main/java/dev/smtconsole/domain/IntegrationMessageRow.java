package dev.smtconsole.domain;

import java.time.Instant;

/**
 * A kept integration message (every door's message: accepted, duplicate, partial or failed):
 * what arrived, how it ended, and — for a failed one retried later — the message that stored it.
 */
public record IntegrationMessageRow(long id, String channel, String externalId, String status, String error,
                                    String operatorId, Instant receivedAt, String payload, Long retriedAs) {
}
