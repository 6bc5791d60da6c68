package dev.smtconsole.app;

import dev.smtconsole.store.DatabaseConfig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Which database this console uses, as Settings → Database keeps it: the embedded H2 file, or the
 * shared MES PostgreSQL (host, port, database, schema, user, SSL). Never holds a password.
 */
public record DatabaseChoice(Kind kind, Path h2Dir, String host, int port, String database, String schema, String user,
                             String sslMode, Path sslRootCert) {

    public enum Kind { EMBEDDED, SHARED }

    /** PostgreSQL's SSL modes, weakest first. */
    public static final List<String> SSL_MODES = List.of("disable", "prefer", "require", "verify-ca", "verify-full");

    public DatabaseChoice {
        if (kind == null) kind = Kind.EMBEDDED;
        if (port <= 0) port = 5432;
        if (schema == null || schema.isBlank()) schema = DatabaseConfig.DEFAULT_SCHEMA;
        if (sslMode == null || sslMode.isBlank()) sslMode = "prefer";
        if (!SSL_MODES.contains(sslMode)) throw new IllegalArgumentException("unknown SSL mode: " + sslMode);
        host = host == null ? "" : host.strip();
        database = database == null ? "" : database.strip();
        user = user == null ? "" : user.strip();
    }

    public static DatabaseChoice embedded(Path h2Dir) {
        return new DatabaseChoice(Kind.EMBEDDED, h2Dir, "", 5432, "", null, "", null, null);
    }

    public boolean isShared() {
        return kind == Kind.SHARED;
    }

    /** The credential-store account of a shared connection: {@code user@host:port/database}. */
    public String account() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    /** The JDBC URL, SSL options included; never a password. */
    public String url() {
        if (!isShared()) return DatabaseConfig.embedded(h2Dir).url();
        StringBuilder u = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(database).append("?sslmode=").append(sslMode);
        if (sslRootCert != null && (sslMode.equals("verify-ca") || sslMode.equals("verify-full"))) {
            u.append("&sslrootcert=").append(URLEncoder.encode(sslRootCert.toAbsolutePath().toString(), StandardCharsets.UTF_8));
        }
        return u.toString();
    }

    public DatabaseConfig config(String password) {
        if (!isShared()) return DatabaseConfig.embedded(h2Dir).withSchema(schema);
        return new DatabaseConfig(url(), user, password, schema);
    }

    // ---- in the user's settings file (no password there, ever) ----

    static final String KIND = "db.kind";

    static DatabaseChoice read(UserSettings s, Path defaultH2Dir) {
        Kind kind = "shared".equals(s.get(KIND, "embedded")) ? Kind.SHARED : Kind.EMBEDDED;
        int port;
        try {
            port = Integer.parseInt(s.get("db.port", "5432"));
        } catch (NumberFormatException e) {
            port = 5432;
        }
        String cert = s.get("db.ssl.rootCert", "");
        String mode = s.get("db.ssl.mode", "prefer");
        return new DatabaseChoice(kind, Path.of(s.get("db.h2.dir", defaultH2Dir.toString())), s.get("db.host", ""), port,
                s.get("db.name", ""), s.get("db.schema", DatabaseConfig.DEFAULT_SCHEMA), s.get("db.user", ""),
                SSL_MODES.contains(mode) ? mode : "prefer", cert.isBlank() ? null : Path.of(cert));
    }

    void write(UserSettings s) {
        s.putAll(java.util.Map.of(
                KIND, kind.name().toLowerCase(Locale.ROOT),
                "db.h2.dir", h2Dir == null ? "" : h2Dir.toString(),
                "db.host", host, "db.port", Integer.toString(port), "db.name", database, "db.schema", schema,
                "db.user", user, "db.ssl.mode", sslMode, "db.ssl.rootCert", sslRootCert == null ? "" : sslRootCert.toString()));
    }
}
