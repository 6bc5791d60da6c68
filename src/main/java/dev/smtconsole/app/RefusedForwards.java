package dev.smtconsole.app;

import dev.smtconsole.app.AppServices.RefusedForward;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.report.CsvSafe;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The refused forwards of the local outbox (ADR 0025) in words, for every reader (the window's list, its CSV):
 * what each was, and why the server refused it in the reader's language. The server's own words stay beside it.
 */
public final class RefusedForwards {
    private RefusedForwards() {
    }

    private static final Pattern CONSTRAINT = Pattern.compile("constraint(?: violation:)? \"([^\":]+)", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    /** "Manual entry", "Gateway post", "Import chunk" …: the kind and door of the entry. */
    public static String what(Locale locale, RefusedForward r) {
        String channel = r.what().channel();
        return switch (r.kind()) {
            case "MESSAGE" -> door(locale, channel);
            case "REFUSED" -> text(locale, "database.refused.kind.REFUSED", door(locale, channel));
            case "OPEN_BATCH", "CHUNK", "FINISH_BATCH" -> text(locale, "database.refused.kind." + r.kind());
            default -> text(locale, "database.refused.kind.other", r.kind());
        };
    }

    private static String door(Locale locale, String channel) {
        String key = "database.refused.kind.MESSAGE." + channel;
        String known = channel == null ? key : text(locale, key);
        return known.equals(key) ? text(locale, "database.refused.kind.MESSAGE", channel == null ? "?" : channel) : known;
    }

    /** The file, message id, lines, jobs, record count and sender an entry names, joined by " · ". */
    public static String details(Locale locale, RefusedForward r) {
        RefusedForward.What w = r.what();
        List<String> parts = new ArrayList<>();
        if (w.fileName() != null) parts.add(w.fileName());
        if (w.externalId() != null) parts.add(w.externalId());
        if (!w.lines().isEmpty()) parts.add(text(locale, "database.refused.detail.lines", String.join(", ", w.lines())));
        if (!w.jobs().isEmpty()) parts.add(text(locale, "database.refused.detail.jobs", String.join(", ", w.jobs())));
        if (w.records() > 0) parts.add(text(locale, "database.refused.detail.records", w.records()));
        if (w.operatorId() != null) parts.add(text(locale, "database.refused.detail.operator", w.operatorId()));
        return String.join(" · ", parts);
    }

    /**
     * Why the server refused it, in the reader's language: a stored rule reason or key as such, else the kind of
     * refusal the server's message names (a constraint, missing rights, a voided import …). The server's message
     * itself is {@link RefusedForward#reason()}.
     */
    public static String reason(Locale locale, String stored) {
        if (stored == null || stored.isBlank()) return text(locale, "database.refused.reason.other");
        if (stored.charAt(0) == '\u0001') {
            String rendered = RuleMessages.renderStored(locale, stored);
            if (!rendered.isEmpty()) return rendered;
        }
        String s = stored.strip();
        if (RuleMessages.isKey(s)) {
            String t = LocalizedException.text(locale, s);
            if (!t.equals(s)) return t;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.contains("was voided during the import")) return text(locale, "database.refused.reason.voided");
        if (lower.matches("(?s).*import batch -?\\d+ is gone.*") || lower.contains("was never opened")) {
            return text(locale, "database.refused.reason.batchGone");
        }
        if (lower.contains("permission denied") || lower.contains("not enough rights")) return text(locale, "database.refused.reason.rights");
        if (lower.contains("constraint") || lower.contains("unique index or primary key") || lower.contains("null not allowed")) {
            Matcher m = CONSTRAINT.matcher(s);
            return m.find() ? text(locale, "database.refused.reason.constraint", m.group(1).strip())
                    : text(locale, "database.refused.reason.constraintUnnamed");
        }
        if (lower.contains("unreadable") || lower.contains("unknown outbox entry kind")) {
            return text(locale, "database.refused.reason.unreadable");
        }
        return text(locale, "database.refused.reason.other");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            // Numbers exactly as stored (an instant's "1795395600.000000000" never becomes "1.7953956E+9").
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** The content laid out to be read (the same JSON, indented); a body that is no JSON as it is. */
    public static String readableBody(String body) {
        if (body == null) return "";
        try {
            return JSON.writeValueAsString(JSON.readTree(body));
        } catch (IOException e) {
            return body;
        }
    }

    /** Every refused forward as one CSV row (UTF-8 with BOM for Excel): the words above, the server's message, the content. */
    public static void writeCsv(List<RefusedForward> refused, Path file, Locale locale, ZoneId zone) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('\uFEFF'); // so Excel opens it as UTF-8
            try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
                p.printRecord(text(locale, "database.refused.col.seq"), text(locale, "database.refused.col.what"),
                        text(locale, "database.refused.col.details"), text(locale, "database.refused.col.queued"),
                        text(locale, "database.refused.col.refused"), text(locale, "database.refused.col.reason"),
                        text(locale, "database.refused.serverSaid"), text(locale, "database.refused.body"));
                for (RefusedForward r : refused) {
                    p.printRecord(r.seq(), CsvSafe.cell(what(locale, r)), CsvSafe.cell(details(locale, r)),
                            WHEN.format(r.queuedAt().atZone(zone)), WHEN.format(r.refusedAt().atZone(zone)),
                            CsvSafe.cell(reason(locale, r.reason())), CsvSafe.cell(r.reason()), CsvSafe.cell(r.body()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Locale locale, String key, Object... args) {
        return LocalizedException.text(locale, key, args);
    }
}
