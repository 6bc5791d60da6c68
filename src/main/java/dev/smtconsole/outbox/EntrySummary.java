package dev.smtconsole.outbox;

import java.util.List;

/**
 * What an outbox entry carries, read from its body for people (the refused list): the door it came
 * through, its message id or file, who sent it, the lines and jobs of its records and how many.
 * Fields the entry's kind does not have are null or empty.
 */
public record EntrySummary(String channel, String externalId, String fileName, String operatorId, List<String> lines,
                           List<String> jobs, int records) {
    public EntrySummary {
        lines = List.copyOf(lines);
        jobs = List.copyOf(jobs);
    }

    static final EntrySummary UNREADABLE = new EntrySummary(null, null, null, null, List.of(), List.of(), 0);
}
