package dev.smtconsole.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * docs/ARCHITECTURE.md as rules: the layers of the package drawing ({@link Layers}), no cycles
 * between packages, and the technology each layer may (not) touch. {@code LayerLeakTest} proves
 * the rules fail on a deliberate leak.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.smtconsole");
    }

    @Test
    void layersFollowThePackageDrawing() {
        Layers.of("dev.smtconsole").check(classes);
    }

    @Test
    void layersAreFreeOfCycles() {
        slices().matching("dev.smtconsole.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.smtconsole.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void featureViewsSeeOnlyTheirSliceOfTheApplication() {
        Layers.featureViewsSeeOnlyTheirSlice("dev.smtconsole").check(classes);
    }

    @Test
    void domainIsPlainJava() {
        noClasses().that().resideInAPackage("dev.smtconsole.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "jakarta.persistence..", "org.hibernate..",
                        "java.sql..", "javax.sql..", "org.flywaydb..", "com.zaxxer..", "org.apache.poi..")
                .because("domain holds pure rules: no FX, no JPA, no JDBC")
                .check(classes);
    }

    @Test
    void formatsFormsPortsAndTheUseCaseTouchNoDatabaseAndNoGui() {
        noClasses().that().resideInAnyPackage("dev.smtconsole.ingest..", "dev.smtconsole.report..",
                        "dev.smtconsole.port..", "dev.smtconsole.app.ingest..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "jakarta.persistence..", "org.hibernate..",
                        "java.sql..", "javax.sql..", "org.flywaydb..", "com.zaxxer..")
                .because("parsers, form models, ports and the ingest use case run the same behind every door and sink")
                .check(classes);
    }

    @Test
    void servicesLeaveSqlToTheStore() {
        noClasses().that().resideInAPackage("dev.smtconsole.app..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .because("a service says what it needs; the store says it in SQL")
                .check(classes);
    }

    @Test
    void uiAndCliReachTheDatabaseOnlyThroughServices() {
        noClasses().that().resideInAnyPackage("dev.smtconsole.ui..", "dev.smtconsole.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "jakarta.persistence..",
                        "org.hibernate..", "org.flywaydb..", "com.zaxxer..")
                .check(classes);
    }

    @Test
    void servicesAndBackEndsDoNotUseTheGui() {
        noClasses().that().resideInAnyPackage("dev.smtconsole.app..", "dev.smtconsole.store..", "dev.smtconsole.ingest..",
                        "dev.smtconsole.domain..", "dev.smtconsole.report..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.smtconsole.ui..", "dev.smtconsole.cli..")
                .check(classes);
    }

    @Test
    void onlyTheStoreTalksJpa() {
        noClasses().that().resideOutsideOfPackages("dev.smtconsole.store..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..")
                .check(classes);
    }
}
