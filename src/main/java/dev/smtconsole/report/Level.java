package dev.smtconsole.report;

/** A loss rate against the lossRate metric spec's thresholds. */
public enum Level { NONE, OK, WARN, ALARM }
