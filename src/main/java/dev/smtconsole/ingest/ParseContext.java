package dev.smtconsole.ingest;

import dev.smtconsole.domain.MasterData;

import java.time.ZoneId;

/**
 * What a parser may need besides the bytes: the file's name (machine from the file name), master
 * data (aliases), the factory zone for times written without an offset, and a line the user chose
 * for files that do not say.
 */
public record ParseContext(String fileName, MasterData masterData, ZoneId zone, String defaultLine) {
}
