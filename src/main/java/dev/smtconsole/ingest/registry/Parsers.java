package dev.smtconsole.ingest.registry;

import dev.smtconsole.ingest.NativeCsvParser;
import dev.smtconsole.ingest.RecordParser;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every file format the console reads. A new format is one {@link RecordParser} class plus one
 * line here; --format, auto-detection and the import view pick it up from this list.
 */
public final class Parsers {
    private Parsers() {
    }

    public static List<RecordParser> all() {
        return List.of(
                new NativeCsvParser(),
                new dev.smtconsole.ingest.formats.CfxParser(),
                new dev.smtconsole.ingest.formats.OldSheetParser(),
                new dev.smtconsole.ingest.profile.ProfileParser()
                // more formats: add one line each
        );
    }

    public static List<String> names() {
        return all().stream().map(RecordParser::format).toList();
    }

    public static Optional<RecordParser> byName(String name) {
        if (name == null) return Optional.empty();
        String n = name.trim().toLowerCase(Locale.ROOT);
        return all().stream().filter(p -> p.format().equalsIgnoreCase(n)).findFirst();
    }
}
