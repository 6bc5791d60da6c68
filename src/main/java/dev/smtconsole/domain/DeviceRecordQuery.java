package dev.smtconsole.domain;

import java.time.Instant;

/**
 * The seed's read side filters (GET /api/integration/device-data): each null = any. Text filters
 * match exactly; {@code eventFrom}/{@code eventTo} bound the post's eventTime (inclusive).
 * {@code page} counts from 1.
 */
public record DeviceRecordQuery(String eventId, String runNo, String unitSn, String stationCode, String stepNo,
                                String source, Instant eventFrom, Instant eventTo, int page, int pageSize) {
}
