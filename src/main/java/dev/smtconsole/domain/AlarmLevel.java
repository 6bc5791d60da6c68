package dev.smtconsole.domain;

/** How a measured value stands against its spec's thresholds; NONE when there is no value to judge. */
public enum AlarmLevel {
    NONE, OK, WARN, ALARM
}
