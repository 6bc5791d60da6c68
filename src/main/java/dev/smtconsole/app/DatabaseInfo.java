package dev.smtconsole.app;

import java.util.Map;

/** What `db info` and the settings page show: where the data is, schema version, row counts. */
public record DatabaseInfo(String location, String schemaVersion, Map<String, Long> rowCounts) {
}
