package dev.smtconsole.app;

import java.util.List;
import java.util.Optional;

/**
 * Runs the enabled sources of the shared registry inside this process (issue 15): {@code serve},
 * and the console window as long as it is open. The door implements it ({@code source.SourceRunner});
 * the launcher hands it to {@link AppServices#setSourceHost}, so neither the services nor the views
 * name the door.
 */
public interface SourceHost extends AutoCloseable {

    /** Starts the enabled sources and keeps following the registry; returns the names started. */
    List<String> start();

    /** Brings the running sources in line with the registry now (a source saved or removed here). */
    void reload();

    /** The sources this process runs now, by name. */
    List<String> running();

    /** A source's status as this process sees it now (empty when it does not run it). */
    Optional<SourceService.Status> status(String name);

    /** Stops every source after what it has in hand is committed (and, for a broker, acknowledged). */
    @Override
    void close();
}
