package dev.smtconsole.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.Architectures;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The package drawing of docs/ARCHITECTURE.md as one ArchUnit rule, shared by the architecture
 * test and by the test that proves the rule catches a leak.
 */
final class Layers {
    private Layers() {
    }

    /**
     * @param base the root package ({@code dev.smtconsole}, or a fixture's)
     */
    static Architectures.LayeredArchitecture of(String base) {
        String b = base + ".";
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Domain").definedBy(b + "domain..")
                .layer("Formats").definedBy(b + "ingest..")
                .layer("Forms").definedBy(b + "report..")
                .layer("Ports").definedBy(b + "port..")
                .layer("IngestUseCase").definedBy(b + "app.ingest..")
                .layer("Services").definedBy(resideInAPackage(b + "app..")
                        .and(not(resideInAnyPackage(b + "app.ingest.."))).as("services in " + b + "app"))
                .layer("Store").definedBy(b + "store..")
                .layer("Ui").definedBy(b + "ui..")
                .layer("Cli").definedBy(b + "cli..")
                .layer("Bench").definedBy(b + "bench..")
                .layer("Gateway").definedBy(b + "gateway..")
                .layer("Outbox").definedBy(b + "outbox..")
                .layer("Sources").definedBy(b + "source..")
                .layer("Boot").definedBy(resideInAPackage(base).as("the root package " + base))

                .whereLayer("Boot").mayNotBeAccessedByAnyLayer()
                .whereLayer("Cli").mayOnlyBeAccessedByLayers("Boot")
                .whereLayer("Gateway").mayOnlyBeAccessedByLayers("Cli", "Boot")
                .whereLayer("Sources").mayOnlyBeAccessedByLayers("Cli", "Ui", "Bench", "Boot")
                .whereLayer("Bench").mayOnlyBeAccessedByLayers("Cli")
                // the store-and-forward sink (ADR 0025): composed by app.AppServices only
                .whereLayer("Outbox").mayOnlyBeAccessedByLayers("Services", "Boot")
                .whereLayer("Ui").mayOnlyBeAccessedByLayers("Cli", "Bench", "Boot")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Ui", "Cli", "Bench", "Gateway", "Sources", "Boot")
                .whereLayer("IngestUseCase").mayOnlyBeAccessedByLayers("Services", "Ui", "Cli", "Bench", "Boot")
                .whereLayer("Store").mayOnlyBeAccessedByLayers("Services", "Bench", "Boot")
                .whereLayer("Ports").mayOnlyBeAccessedByLayers("IngestUseCase", "Services", "Store", "Outbox", "Ui", "Cli", "Bench", "Boot")
                .whereLayer("Forms").mayOnlyBeAccessedByLayers("Services", "Ui", "Cli", "Bench", "Boot")
                .whereLayer("Formats").mayOnlyBeAccessedByLayers("IngestUseCase", "Services", "Cli", "Bench", "Boot")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("Formats", "Forms", "Ports", "IngestUseCase", "Services",
                        "Store", "Outbox", "Ui", "Cli", "Bench", "Gateway", "Sources", "Boot")

                // Named exceptions (docs/decisions/0018): the connection settings a door is given
                // (--db, Settings) and the one error a door reports when the database fails.
                .ignoreDependency(resideInAnyPackage(b + "ui..", b + "cli..", b + "gateway..", b + "source.."), DescribedPredicate.describe(
                        "store.DatabaseConfig / store.DatabaseException", (JavaClass c) ->
                                c.getName().startsWith(b + "store.DatabaseConfig")
                                        || c.getName().startsWith(b + "store.DatabaseException")))
                // The import-profile editor edits the profile document itself (ingest.profile) until
                // its view model goes through ProfileService only (docs/decisions/0018).
                .ignoreDependency(resideInAPackage(b + "ui.ingest.profile.."), resideInAnyPackage(b + "ingest.."));
    }

    /**
     * Issue 12: a feature's views get their feature's slice of the application ({@code ui.kit.Features}),
     * never the composition root's {@code app.AppServices}; only the window's shell (the {@code ui}
     * package itself) and the kit that cuts the slices see it.
     */
    static com.tngtech.archunit.lang.ArchRule featureViewsSeeOnlyTheirSlice(String base) {
        String b = base + ".";
        return com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAPackage(b + "ui..")
                .and().resideOutsideOfPackages(b + "ui", b + "ui.kit")
                .should().dependOnClassesThat().haveFullyQualifiedName(b + "app.AppServices")
                .because("views get a narrow per-feature context, never the whole application (docs/ARCHITECTURE.md)");
    }
}
