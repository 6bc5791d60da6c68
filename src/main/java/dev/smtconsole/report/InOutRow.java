package dev.smtconsole.report;

import dev.smtconsole.domain.InOutEntryData;

/**
 * A row of the in/out sheet with its derived totals.
 *
 * @param inTotal        IN TOTAL 转入累计: this line and job's IN up to and including this row, all time
 * @param warehouseTotal 入仓累计: this line's IN from the start of the period up to and including this row
 */
public record InOutRow(InOutEntryData entry, long inTotal, long warehouseTotal) {
}
