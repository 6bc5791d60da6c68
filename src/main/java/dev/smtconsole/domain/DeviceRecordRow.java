package dev.smtconsole.domain;

import java.time.Instant;
import java.util.List;

/** A stored device post: its message id, the JSON as posted, how many data items it stored, and when it arrived. */
public record DeviceRecordRow(long messageId, String payload, int dataValuesCreated, Instant receivedAt) {

    /** One page of stored posts, newest first, and how many match in all. */
    public record Page(List<DeviceRecordRow> items, long total, int page, int pageSize) {
        public Page {
            items = List.copyOf(items);
        }
    }
}
