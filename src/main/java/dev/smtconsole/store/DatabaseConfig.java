package dev.smtconsole.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the console's data lives: a JDBC URL (embedded H2 file or PostgreSQL), credentials and the
 * schema that holds our tables.
 */
public record DatabaseConfig(String url, String user, String password, String schema) {

    public static final String DEFAULT_SCHEMA = "smt_console";

    public DatabaseConfig {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("unsupported database URL (use jdbc:h2:... or jdbc:postgresql:...): " + url);
        }
        if (isH2(url)) url = normalizeH2(url);
        if (user == null) user = isH2(url) ? "sa" : "";
        if (password == null) password = "";
        if (schema == null || schema.isBlank()) schema = DEFAULT_SCHEMA;
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema name must be letters, digits and underscores: " + schema);
        }
    }

    /**
     * Lower-case identifiers as on PostgreSQL, so one mapping fits both; file databases are
     * opened in automatic mixed mode so a second process can share them.
     */
    private static String normalizeH2(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        StringBuilder sb = new StringBuilder(url);
        if (!upper.contains(";DATABASE_TO_LOWER=")) sb.append(";DATABASE_TO_LOWER=TRUE");
        boolean file = upper.startsWith("JDBC:H2:FILE:") || (!upper.startsWith("JDBC:H2:MEM:") && !upper.startsWith("JDBC:H2:TCP:")
                && !upper.startsWith("JDBC:H2:SSL:"));
        if (file && !upper.contains(";AUTO_SERVER=")) sb.append(";AUTO_SERVER=TRUE");
        // Whichever process serves the file may exit first: the others reconnect to the next server (ADR 0014).
        if (file && !upper.contains(";AUTO_RECONNECT=")) sb.append(";AUTO_RECONNECT=TRUE");
        return sb.toString();
    }

    /**
     * The embedded database in the given directory. AUTO_SERVER lets a second process (the CLI
     * while the GUI is open) use the same file: the first opener serves it over a local socket.
     */
    public static DatabaseConfig embedded(Path dataDir) {
        return h2File(dataDir.resolve("smt-console"));
    }

    public static DatabaseConfig h2File(Path fileWithoutSuffix) {
        return new DatabaseConfig("jdbc:h2:file:" + fileWithoutSuffix.toAbsolutePath(), "sa", "", DEFAULT_SCHEMA);
    }

    public DatabaseConfig withSchema(String newSchema) {
        return new DatabaseConfig(url, user, password, newSchema);
    }

    public boolean isH2() {
        return isH2(url);
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    private static boolean isH2(String url) {
        return url.startsWith("jdbc:h2:");
    }

    /**
     * An embedded H2 file database whose file is not there yet (it is created on the first open). False when it is
     * there, or when the URL does not say a file this can look for (memory, TCP, a path it cannot read).
     */
    public boolean isNewH2File() {
        if (!url.startsWith("jdbc:h2:file:")) return false;
        String path = url.substring("jdbc:h2:file:".length());
        int semi = path.indexOf(';');
        if (semi >= 0) path = path.substring(0, semi);
        if (path.startsWith("~")) path = System.getProperty("user.home") + path.substring(1);
        try {
            java.nio.file.Path file = java.nio.file.Path.of(path + ".mv.db");
            return file.isAbsolute() && !java.nio.file.Files.exists(file);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** For the status bar and `db info`: where the data is, without credentials. */
    public String describe() {
        if (isH2()) {
            String rest = url.substring("jdbc:h2:".length());
            int semi = rest.indexOf(';');
            if (semi >= 0) rest = rest.substring(0, semi);
            if (rest.startsWith("file:")) rest = rest.substring(5);
            return "H2 " + rest + (rest.startsWith("mem:") ? "" : ".mv.db") + " (schema " + schema + ")";
        }
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            return "PostgreSQL " + host + "/" + db + " (schema " + schema + ")";
        } catch (IllegalArgumentException e) {
            return "PostgreSQL (schema " + schema + ")";
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
