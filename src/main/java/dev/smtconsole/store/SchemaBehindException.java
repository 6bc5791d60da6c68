package dev.smtconsole.store;

/**
 * The schema is older than this console (or missing) and this login may not migrate it: IT runs
 * {@code smt-console db migrate} under the owner role (docs/SHARED_DATABASE.md).
 */
public final class SchemaBehindException extends DatabaseException {
    private final String found;
    private final String needed;

    public SchemaBehindException(DatabaseConfig config, String found, String needed) {
        super("The database schema at " + config.describe() + " is at version " + (found == null ? "none" : found)
                + ", this console needs " + needed + " — ask IT to run `smt-console db migrate` (user " + config.user()
                + " may not change the schema).");
        this.found = found == null ? "none" : found;
        this.needed = needed;
    }

    /** The version found ("none" for a missing or empty schema). */
    public String found() {
        return found;
    }

    public String needed() {
        return needed;
    }
}
