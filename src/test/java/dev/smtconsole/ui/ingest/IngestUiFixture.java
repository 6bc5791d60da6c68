package dev.smtconsole.ui.ingest;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.ui.kit.UiContext;

import java.nio.file.Path;

/** A real H2 file database with the sample master data, the real ingest service and a UI context. */
final class IngestUiFixture implements AutoCloseable {
    static final Path SAMPLE = Path.of("sample-data");

    final AppServices services;
    final IngestService ingest;
    final UiContext ctx;

    IngestUiFixture(Path dir) {
        services = AppServices.open(TestDatabases.h2(dir));
        services.masterData().importFile(SAMPLE.resolve("lines.csv"));
        services.masterData().importFile(SAMPLE.resolve("operators.csv"));
        ingest = services.ingest();
        ctx = UiContext.create(services, new UserSettings(dir.resolve("config")));
    }

    long count(String sql) {
        return services.database().jdbc(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        ctx.tasks().close();
        services.close();
    }
}
