package dev.smtconsole.domain.rules;

import dev.smtconsole.domain.Source;

import java.util.Arrays;
import java.util.List;

/**
 * One row's values exactly as written (text), before any rule: what every door hands to the
 * {@link RecordValidator}. Null means the source has no such value.
 *
 * @param pcbs circuits in the boards counted (a panel of N circuits is 1 board, N PCBs); null =
 *             the source does not say, then PCBs = boards
 */
public record RawRecord(long rowNo, Source source, String eventId, String eventTime, String startTime, String line,
                        String machine, String job, String productModel, String boards, String picks,
                        String placements, String rejects, String operatorId, String remark, String rawText,
                        String pcbs) {

    /** A row from a source without a separate PCB count. */
    public RawRecord(long rowNo, Source source, String eventId, String eventTime, String startTime, String line,
                     String machine, String job, String productModel, String boards, String picks,
                     String placements, String rejects, String operatorId, String remark, String rawText) {
        this(rowNo, source, eventId, eventTime, startTime, line, machine, job, productModel, boards, picks, placements,
                rejects, operatorId, remark, rawText, null);
    }

    /**
     * The fields that identify the row's content for a derived event id, in a fixed order: all
     * values as written except the event id itself (DESIGN §5 rule 7).
     */
    public List<String> contentFields() {
        return Arrays.asList(eventTime, startTime, line, machine, job, productModel, boards, picks, placements, rejects,
                operatorId, remark);
    }
}
