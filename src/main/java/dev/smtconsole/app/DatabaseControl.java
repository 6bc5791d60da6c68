package dev.smtconsole.app;

import dev.smtconsole.store.DatabaseConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What Settings → Database may do (issue 16), and nothing more of the application: this user's
 * database settings, the database open now, back up now, and the desktop's switch to another one.
 */
public record DatabaseControl(DatabaseSettingsService settings, DatabaseConfig current, Clock clock, Supplier<Path> backupNow,
                              Consumer<SwitchRequest> switcher) {

    /**
     * Close these services and open others: {@code target} the connection to open, {@code whileClosed}
     * work to do between (a restore of the embedded file; null for none), {@code failed} told on
     * failure (the old connection is then kept or opened again).
     */
    public record SwitchRequest(DatabaseConfig target, Runnable whileClosed, Consumer<RuntimeException> failed) {
    }
}
