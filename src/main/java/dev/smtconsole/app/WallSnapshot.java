package dev.smtconsole.app;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The whole wall at one moment: every active line, the production day it is about, and the
 * change-marker version it was read at (so a caller can tell whether a commit is in it).
 */
public record WallSnapshot(LocalDate day, Instant takenAt, int staleMinutes, long changeVersion,
                           List<LineSnapshot> lines) {
    public WallSnapshot {
        lines = List.copyOf(lines);
    }

    public Optional<LineSnapshot> line(String code) {
        return lines.stream().filter(l -> l.lineCode().equalsIgnoreCase(code)).findFirst();
    }
}
