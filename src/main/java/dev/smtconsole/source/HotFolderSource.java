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
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A watched folder (issue 15, ADR 0023). Always polled, because inotify and its kin do not see
 * writes over SMB/NFS; on a local disk the OS's change notices wake it at once as well. A file is
 * complete when no writer holds a lock on it and it has been quiet for the folder's stable time:
 * on a local disk counted from its modification time (this computer's clock stamped it, so a file
 * moved in whole is taken at once), on a network share from when this console saw its size and
 * time last change (the server's clock may be off, and a share's attributes are cached). It is
 * then imported through
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
    /** File system types (as Linux names them) whose files live on another computer, beyond nfs*, smb*, fuse.*. */
    private static final java.util.Set<String> NETWORK_TYPES = java.util.Set.of("cifs", "afs", "ncpfs", "9p", "ceph",
            "glusterfs", "lustre", "gpfs", "davfs", "afpfs", "webdav", "sshfs", "coda", "ocfs2", "gfs2");
    /** The soonest the folder is listed again after a change notice. */
    static final long MIN_LOOK_MILLIS = 100;
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
    /** Whether the folder is on a network share, decided once each time the folder is found. */
    private boolean share = true;
    private boolean shareDecided;
    private WatchService watcher;
    private WatchKey watchKey;
    /** Set by the OS's change notice, cleared by the next look. */
    private boolean changed;
    /**
     * When a waiting file's stable time runs out, in {@link System#nanoTime()}; {@link Long#MAX_VALUE} when
     * none waits (a look that found no folder, or failed, leaves it so: the poll interval decides).
     */
    private long nextLookNanos = Long.MAX_VALUE;
    /** Looks at the folder so far. */
    private final java.util.concurrent.atomic.AtomicLong looks = new java.util.concurrent.atomic.AtomicLong();

    record Seen(long size, long modified, long sinceNanos) {
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
        closeWatcher();
        if (thread != null) {
            synchronized (this) {
                notifyAll();
            }
            thread.join(120_000);
        }
        stats.state(SourceService.State.STOPPED);
    }

    private void run() {
        try {
            while (!stopping) {
                long lookedAt = System.nanoTime();
                nextLookNanos = Long.MAX_VALUE;
                try {
                    poll();
                } catch (RuntimeException | IOException e) {
                    String why = SourceStats.why(e);
                    stats.error(why);
                    log.warn("source {}: {}", name, why);
                }
                awaitNextLook(lookedAt);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeWatcher();
            stats.state(SourceService.State.STOPPED);
        }
    }

    /**
     * Waits for the poll interval, a file's stable time running out, or the OS's notice of a
     * change — but looks at most every {@link #MIN_LOOK_MILLIS}, so a slow writer's every block
     * does not list the folder again.
     */
    private synchronized void awaitNextLook(long lookedAt) throws InterruptedException {
        long due = Math.min(lookedAt + settings.pollSeconds() * 1_000_000_000L, nextLookNanos);
        long earliest = lookedAt + MIN_LOOK_MILLIS * 1_000_000L;
        while (!stopping) {
            long now = System.nanoTime();
            long until = changed ? Math.min(due, earliest) : due;
            if (now >= until) break;
            TimeUnit.NANOSECONDS.timedWait(this, until - now);
        }
        changed = false;
    }

    /** One look at the folder: files that stayed the same long enough are imported, one after the other. */
    void poll() throws IOException {
        looks.incrementAndGet();
        Path dir = Path.of(settings.path());
        if (!Files.isDirectory(dir)) {
            if (stats.state() != SourceService.State.UNAVAILABLE) stats.error("not a folder or not reachable: " + dir);
            stats.state(SourceService.State.UNAVAILABLE);
            seen.clear();
            shareDecided = false; // it may come back mounted from elsewhere
            return;
        }
        stats.state(SourceService.State.WATCHING);
        watch(dir);
        long now = System.nanoTime();
        long wallNow = System.currentTimeMillis();
        long stableNanos = settings.stableSeconds(share) * 1_000_000_000L;
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
        long next = Long.MAX_VALUE;
        for (var e : seen.entrySet()) {
            long quiet = quietNanos(e.getValue(), now, wallNow, share);
            if (quiet < stableNanos) {
                next = Math.min(next, now + stableNanos - quiet);
            } else if (unlocked(e.getKey())) {
                ready.add(e.getKey());
            }
        }
        nextLookNanos = next;
        ready.sort(null);
        for (Path p : ready) {
            if (stopping) return;
            if (take(p)) seen.remove(p);
        }
    }

    /**
     * How long a file has been quiet. Always at least since this console saw its size and time
     * last change; on a local disk also since its modification time, less the time stamp's
     * granularity where it has none finer than whole seconds (FAT keeps two).
     */
    static long quietNanos(Seen s, long now, long wallNow, boolean share) {
        long seenQuiet = now - s.sinceNanos();
        if (share) return seenQuiet;
        long sinceWrite = wallNow - s.modified() - (s.modified() % 1000 == 0 ? 2000 : 0);
        return sinceWrite <= 0 ? seenQuiet : Math.max(seenQuiet, sinceWrite * 1_000_000L);
    }

    /**
     * On a local disk, asks the OS to tell us of new and changed files (the poll stays: a notice
     * can be lost when too many come at once). Not on a network share: its notices are not
     * reliable, and a share is decided once per finding of the folder.
     */
    private synchronized void watch(Path dir) {
        if (!shareDecided) {
            share = networkShare(dir);
            shareDecided = true;
        }
        if (share || stopping || watchKey != null && watchKey.isValid()) return;
        try {
            if (watcher == null) {
                watcher = dir.getFileSystem().newWatchService();
                WatchService ws = watcher;
                Thread t = new Thread(() -> takeNotices(ws), "smt-source-folder-watch-" + name);
                t.setDaemon(true);
                t.start();
            }
            watchKey = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("source {}: no change notices for {} ({}); polling only", name, dir, e.toString());
        }
    }

    private void takeNotices(WatchService ws) {
        try {
            while (!stopping) {
                WatchKey key = ws.take();
                key.pollEvents();
                key.reset(); // invalid when the folder went away: the poll finds it again and watches anew
                synchronized (this) {
                    changed = true;
                    notifyAll();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopped
        }
    }

    private synchronized void closeWatcher() {
        if (watcher == null) return;
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("source {}: closing the change notices: {}", name, e.toString());
        }
        watcher = null;
        watchKey = null;
    }

    /**
     * Whether a folder lies on another computer: a UNC path, or a file system of the network's kind
     * (NFS, SMB/CIFS, FUSE mounts such as sshfs, …). When it cannot be told, it is taken as one: the
     * careful rule.
     */
    static boolean networkShare(Path dir) {
        if (dir.toAbsolutePath().toString().startsWith("\\\\")) return true;
        try {
            String type = Files.getFileStore(dir).type().toLowerCase(Locale.ROOT);
            return type.startsWith("nfs") || type.startsWith("smb") || type.startsWith("fuse.") || NETWORK_TYPES.contains(type);
        } catch (IOException e) {
            return true;
        }
    }

    long looks() {
        return looks.get();
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
