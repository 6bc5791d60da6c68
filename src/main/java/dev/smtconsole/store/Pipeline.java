package dev.smtconsole.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL statements of one transaction whose answers no other of them waits for, sent as one
 * prepared text: the driver sends every statement of it before it waits (one round trip instead of
 * one per statement). Under a door's load a transaction is a handful of small statements, and the
 * console and the server taking turns for each of them cost more than the statements themselves
 * (ADR 0029). A statement that gives rows hands them to its reader.
 */
final class Pipeline {
    /** The protocol numbers a statement's parameters with 16 bits. */
    static final int MAX_PARAMETERS = 32_767;

    /** Binds a statement's parameters from {@code p} on and returns the next parameter's number. */
    @FunctionalInterface
    interface Binder {
        int bind(PreparedStatement ps, int p) throws SQLException;
    }

    /** Reads the rows a statement gave. */
    @FunctionalInterface
    interface Reader {
        void read(ResultSet rs) throws SQLException;
    }

    private record Statement(String sql, int parameters, Binder binder, Reader reader) {
    }

    private final List<Statement> statements = new ArrayList<>();
    private boolean ran;

    /** Adds a statement with {@code parameterCount} parameters whose rows, if any, nobody reads. */
    Pipeline add(String sql, int parameterCount, Binder binder) {
        return add(sql, parameterCount, binder, null);
    }

    /** Adds a statement with {@code parameterCount} parameters; {@code reader} gets its rows. */
    Pipeline add(String sql, int parameterCount, Binder binder, Reader reader) {
        if (ran) throw new IllegalStateException("the pipeline ran already");
        statements.add(new Statement(sql, parameterCount, binder, reader));
        return this;
    }

    /** {@code n} rows of {@code width} parameters for a multi-row VALUES list: {@code (?, ?), (?, ?)}. */
    static String rows(int n, int width) {
        String row = "(" + "?, ".repeat(width - 1) + "?)";
        StringBuilder sb = new StringBuilder(n * (row.length() + 2));
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ", ").append(row);
        return sb.toString();
    }

    /** Whether every statement added so far can be bound (the protocol's limit is per statement). */
    boolean fits() {
        for (Statement s : statements) if (s.parameters() > MAX_PARAMETERS) return false;
        return true;
    }

    /** Runs the statements in order in the caller's transaction, once; the readers get their rows. */
    void run(Connection c) throws SQLException {
        if (ran) throw new IllegalStateException("the pipeline ran already");
        ran = true;
        if (statements.isEmpty()) return;
        if (!fits()) throw new IllegalStateException("more than " + MAX_PARAMETERS + " parameters in one statement");
        StringBuilder sql = new StringBuilder();
        for (Statement s : statements) sql.append(sql.isEmpty() ? "" : ";\n").append(s.sql());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (Statement s : statements) p = s.binder().bind(ps, p);
            boolean query = ps.execute();
            for (int i = 0; i < statements.size(); i++) {
                if (i > 0) query = ps.getMoreResults();
                Reader reader = statements.get(i).reader();
                if (query && reader != null) {
                    try (ResultSet rs = ps.getResultSet()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }
}
