package dev.smtconsole.ingest.profile;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Confidence that a file is written in a profile's layout, from its first bytes. */
final class ProfileDetector {
    private ProfileDetector() {
    }

    static int score(Profile p, byte[] head) {
        Profile.Detect d = p.detect();
        if (d == null) return 0;
        String text = ProfileParser.decode(head, p);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (p.xml() != null) return xmlScore(d, text);
        if (p.recordTypes() != null && d.typedLines() != null) return typedScore(p, d, text);
        List<String> lines = text.lines().limit(p.preambleLines() + 3L).toList();
        if (lines.size() <= p.preambleLines()) return 0;
        String preamble = String.join("\n", lines.subList(0, p.preambleLines()));
        int score = 0;
        if (d.preambleContains() != null && !d.preambleContains().isBlank()) {
            if (!preamble.toLowerCase(Locale.ROOT).contains(d.preambleContains().toLowerCase(Locale.ROOT))) return 0;
            score += 30;
        }
        String delimiter = String.valueOf(p.delimiterChar());
        String headerLine = lines.get(p.preambleLines());
        Set<String> header = Arrays.stream(headerLine.split(java.util.regex.Pattern.quote(delimiter), -1))
                .map(s -> s.strip().replace("\"", "").toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (!d.headers().isEmpty()) {
            for (String h : d.headers()) if (!header.contains(h.toLowerCase(Locale.ROOT))) return 0;
            score += 55;
        }
        for (String h : d.absentHeaders()) if (header.contains(h.toLowerCase(Locale.ROOT))) return 0;
        if (d.firstCellEquals() != null && !d.firstCellEquals().isBlank()) {
            int dataLine = p.preambleLines() + (p.header() ? 1 : 0);
            if (lines.size() <= dataLine) return 0;
            String first = lines.get(dataLine).split(java.util.regex.Pattern.quote(delimiter), -1)[0].strip();
            if (!first.equalsIgnoreCase(d.firstCellEquals())) return 0;
            score += 10;
        }
        return Math.min(score, 92);
    }

    /** An XML log: the root element is the one named, and the head holds the text named. */
    private static int xmlScore(Profile.Detect d, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<([A-Za-z_][\\w.:-]*)").matcher(text);
        if (!text.stripLeading().startsWith("<") || !m.find()) return 0;
        int score = 0;
        if (d.xmlRoot() != null && !d.xmlRoot().isBlank()) {
            if (!m.group(1).equalsIgnoreCase(d.xmlRoot())) return 0;
            score += 55;
        }
        if (d.preambleContains() != null && !d.preambleContains().isBlank()) {
            if (!text.toLowerCase(Locale.ROOT).contains(d.preambleContains().toLowerCase(Locale.ROOT))) return 0;
            score += 30;
        }
        return Math.min(score, 92);
    }

    /** Positional records: enough of the first lines start with a record type the profile knows. */
    private static int typedScore(Profile p, Profile.Detect d, String text) {
        int column = ColumnSpec.position(p.recordTypes().column());
        if (column < 0) return 0;
        String delimiter = java.util.regex.Pattern.quote(String.valueOf(p.delimiterChar()));
        List<String> lines = text.lines().skip(p.preambleLines()).filter(l -> !l.isBlank()).limit(20).toList();
        long typed = lines.stream().map(l -> l.split(delimiter, -1)).filter(cells -> cells.length > column)
                .filter(cells -> p.recordTypes().layout(cells[column]) != null).count();
        return typed >= Math.max(1, d.typedLines()) ? 75 : 0;
    }
}
