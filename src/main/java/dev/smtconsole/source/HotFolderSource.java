package dev.smtconsole.source;

import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A watched folder (issue 15, ADR 0023). Polled, never watched by the OS (inotify and its kin do
 * not see writes over SMB/NFS): a file is complete when its size and modification time have not
 * changed for {@code stableSeconds} and no writer holds a lock on it. It is then imported through
 * {@link SourceService#importFolderFile} and moved to {@code done/} (imported, or its content was
 * imported before) or {@code error/} (rejected rows, or not importable), with
 * {@code NAME.report.txt} beside it.
 */
final class HotFolderSource implements RunningSource {
    private static final Logger log = LoggerFactory.getLogger(HotFolderSource.class);
    static final String DONE = "done";
    static final String ERROR = "error";
    static final String REPORT_SUFFIX = ".report.txt";
    /** A content another console finished this recently is left for that console to move. */
    static final int OTHERS_MOVE_SECONDS = 30;
    private static final List<String> PARTIAL_SUFFIXES = List.of(".tmp", ".part", ".partial", ".crdownload", ".filepart", ".lock");

    private final String name;
    private final SourceSettings.Folder settings;
    private final String fingerprint;
    private final SourceService service;
    private final SourceStats stats;
    private final Clock clock;
    private final Map<Path, Seen> seen = new HashMap<>();
    /** Contents this source imported itself (a later copy of one is a re-drop, not another console's file). */
    private final java.util.Set<String> mine = new java.util.LinkedHashSet<>();
    private volatile boolean stopping;
    private Thread thread;

    private record Seen(long size, long modified, long sinceNanos) {
    }

    HotFolderSource(String name, SourceSettings.Folder settings, String fingerprint, SourceService service, SourceStats stats,
                    Clock clock) {
        this.name = name;
        this.settings = settings;
        this.fingerprint = fingerprint;
        this.service = service;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public SourceStats stats() {
        return stats;
    }

    @Override
    public void start() {
        thread = new Thread(this::run, "smt-source-folder-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Lets the file being imported finish (its import commits chunk by chunk), then returns. */
    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            synchronized (this) {
                notifyAll();
            }
            thread.join(120_000);
        }
        stats.state(SourceService.State.STOPPED);
    }

    private void run() {
        while (!stopping) {
            try {
                poll();
            } catch (RuntimeException | IOException e) {
                String why = SourceStats.why(e);
                stats.error(why);
                log.warn("source {}: {}", name, why);
            }
            synchronized (this) {
                if (stopping) break;
                try {
                    wait(settings.pollSeconds() * 1000L);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        stats.state(SourceService.State.STOPPED);
    }

    /** One look at the folder: files that stayed the same long enough are imported, one after the other. */
    void poll() throws IOException {
        Path dir = Path.of(settings.path());
        if (!Files.isDirectory(dir)) {
            if (stats.state() != SourceService.State.UNAVAILABLE) stats.error("not a folder or not reachable: " + dir);
            stats.state(SourceService.State.UNAVAILABLE);
            seen.clear();
            return;
        }
        stats.state(SourceService.State.WATCHING);
        long now = System.nanoTime();
        long stableNanos = settings.stableSeconds() * 1_000_000_000L;
        List<Path> present = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!candidate(p)) continue;
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // gone between listing and looking
                }
                if (!a.isRegularFile()) continue;
                present.add(p);
                Seen before = seen.get(p);
                long modified = a.lastModifiedTime().toMillis();
                if (before == null || before.size() != a.size() || before.modified() != modified) {
                    seen.put(p, new Seen(a.size(), modified, now));
                }
            }
        }
        seen.keySet().retainAll(present);
        List<Path> ready = new ArrayList<>();
        for (var e : seen.entrySet()) {
            if (now - e.getValue().sinceNanos() >= stableNanos && unlocked(e.getKey())) ready.add(e.getKey());
        }
        ready.sort(null);
        for (Path p : ready) {
            if (stopping) return;
            if (take(p)) seen.remove(p);
        }
    }

    /** Names a writer uses while it is still writing, hidden files, and our own reports are not files to import. */
    static boolean candidate(Path p) {
        String n = p.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        if (n.startsWith(".") || n.startsWith("~$") || lower.endsWith(REPORT_SUFFIX)) return false;
        return PARTIAL_SUFFIXES.stream().noneMatch(lower::endsWith);
    }

    /** False while another program holds a lock on the file (Windows writers do; on shares this may not be seen). */
    static boolean unlocked(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            try (FileLock lock = ch.tryLock(0, Long.MAX_VALUE, true)) {
                return lock != null;
            } catch (OverlappingFileLockException e) {
                return false;
            } catch (IOException | UnsupportedOperationException e) {
                return true; // the file system has no locks: size and time decide alone
            }
        } catch (IOException e) {
            return false; // cannot be opened yet (an exclusive writer on Windows)
        }
    }

    /** Imports and moves one complete file; false when it is left for now (another console has it in hand). */
    private boolean take(Path file) throws IOException {
        SourceService.FileResult r = service.importFolderFile(name, settings, file);
        switch (r.fate()) {
            case BUSY -> {
                return false; // another console imports it and moves it
            }
            case ALREADY_DONE -> {
                // Just finished by another console watching the same share, which moves it itself.
                if (!mine.contains(r.sha256()) && r.finishedAt() != null
                        && r.finishedAt().isAfter(clock.instant().minusSeconds(OTHERS_MOVE_SECONDS))) {
                    return false;
                }
                moveWithReport(file, DONE, r.report());
            }
            case DONE -> {
                remember(r.sha256());
                moveWithReport(file, DONE, r.report());
            }
            case ERROR -> {
                remember(r.sha256());
                stats.error(file.getFileName() + ": " + r.report().stream().filter(l -> l.startsWith("reason:")
                        || l.startsWith("first rejected:")).findFirst().orElse("rejected rows"));
                moveWithReport(file, ERROR, r.report());
            }
        }
        stats.message();
        return true;
    }

    private void remember(String sha) {
        mine.add(sha);
        if (mine.size() > 10_000) mine.remove(mine.iterator().next());
    }

    private void moveWithReport(Path file, String to, List<String> report) throws IOException {
        Path dir = file.resolveSibling(to);
        Files.createDirectories(dir);
        Path target = dir.resolve(file.getFileName());
        if (Files.exists(target)) {
            target = dir.resolve(LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT))
                    + "-" + file.getFileName());
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(file, target);
        }
        Files.write(target.resolveSibling(target.getFileName() + REPORT_SUFFIX), report, StandardCharsets.UTF_8);
    }

    /** Whether the folder can be watched: it exists and done/ and error/ can be made in it. */
    static String probe(SourceSettings.Folder s) throws IOException {
        Path dir = Path.of(s.path());
        if (!Files.isDirectory(dir)) throw new IOException("not a folder or not reachable: " + dir);
        if (!Files.isReadable(dir)) throw new IOException("cannot read " + dir);
        Files.createDirectories(dir.resolve(DONE));
        Files.createDirectories(dir.resolve(ERROR));
        long files;
        try (Stream<Path> l = Files.list(dir)) {
            files = l.filter(Files::isRegularFile).filter(HotFolderSource::candidate).count();
        }
        return dir.toAbsolutePath() + " is readable, done/ and error/ are in place; " + files + " file(s) waiting";
    }
}
