package dev.smtconsole.ingest;

/** The fields every format maps its columns to (the native CSV's columns). */
public enum Field {
    EVENT_ID, EVENT_TIME, START_TIME, LINE, MACHINE, JOB, PRODUCT_MODEL, BOARDS, PICKS, PLACEMENTS, REJECTS,
    OPERATOR_ID, REMARK,
    /** 物料核对人 of a job on a production day: goes to job_record.checkers, not to the events. */
    CHECKERS,
    /**
     * Circuits (PCBs) in the boards counted: a carrier or panel of N circuits is 1 board and N PCBs
     * (IPC-CFX UnitCount, a vendor's block count less skipped blocks). Absent = as many as boards.
     */
    PCBS,
    /** Circuits of a panel skipped as bad (bad marks; Fuji BlockSkipCount): not in PCBS. Read, not stored yet. */
    BLOCK_SKIPS
}
