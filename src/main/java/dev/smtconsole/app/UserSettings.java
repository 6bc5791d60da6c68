package dev.smtconsole.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * This user's settings on this PC (language, window geometry, last operator, ...), kept as a
 * properties file in the config folder and written atomically on every change.
 */
public final class UserSettings {
    private static final Logger log = LoggerFactory.getLogger(UserSettings.class);
    public static final String LANGUAGE = "ui.language";

    private final Path file;
    private final Properties props = new Properties();

    public UserSettings(Path configDir) {
        this.file = configDir.resolve("settings.properties");
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                log.warn("Settings file {} unreadable, starting from defaults: {}", file, e.getMessage());
            }
        }
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(props.getProperty(key));
    }

    public synchronized String get(String key, String fallback) {
        return props.getProperty(key, fallback);
    }

    public synchronized double getDouble(String key, double fallback) {
        try {
            return Double.parseDouble(props.getProperty(key, ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public synchronized void put(String key, String value) {
        if (value == null) props.remove(key); else props.setProperty(key, value);
        save();
    }

    /** Several keys in one write (an empty value removes its key). */
    public synchronized void putAll(java.util.Map<String, String> values) {
        values.forEach((k, v) -> {
            if (v == null || v.isEmpty()) props.remove(k); else props.setProperty(k, v);
        });
        save();
    }

    /** The UI language: zh (简体中文) or en; defaults to the system's when it is Chinese, else English. */
    public Locale language() {
        String lang = get(LANGUAGE, Locale.getDefault().getLanguage().equals("zh") ? "zh" : "en");
        return "zh".equals(lang) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    public void setLanguage(Locale locale) {
        put(LANGUAGE, locale.getLanguage().equals("zh") ? "zh" : "en");
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            // Readable by this user only (issue 16): created so, never widened by the umask.
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(w, "SMT Console user settings");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Could not save settings to {}: {}", file, e.getMessage());
        }
    }
}
