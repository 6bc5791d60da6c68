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
}
