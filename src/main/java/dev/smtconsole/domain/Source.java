package dev.smtconsole.domain;

/** Where a fact came from: a device (AUTO) or a person (MANUAL: typed or imported by someone). */
public enum Source { AUTO, MANUAL }
