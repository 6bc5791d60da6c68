package dev.smtconsole.ingest;

import dev.smtconsole.domain.MasterData;

import java.time.ZoneId;

/**
 * What a parser may need besides the bytes: the file's name (machine from the file name), master
 * data (aliases), the factory zone for times written without an offset, and a line and a job the
 * user chose for rows that do not say (the pipeline fills them in; parsers may mention them).
 */
public record ParseContext(String fileName, MasterData masterData, ZoneId zone, String defaultLine, String defaultJob) {
    public ParseContext(String fileName, MasterData masterData, ZoneId zone, String defaultLine) {
        this(fileName, masterData, zone, defaultLine, null);
    }
}
