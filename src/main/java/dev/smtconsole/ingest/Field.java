package dev.smtconsole.ingest;

/** The fields every format maps its columns to (the native CSV's columns). */
public enum Field {
    EVENT_ID, EVENT_TIME, START_TIME, LINE, MACHINE, JOB, PRODUCT_MODEL, BOARDS, PICKS, PLACEMENTS, REJECTS,
    OPERATOR_ID, REMARK,
    /** 物料核对人 of a job on a production day: goes to job_record.checkers, not to the events. */
    CHECKERS
}
