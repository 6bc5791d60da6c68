package dev.smtconsole.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN.md §7 as rules: ui and cli → app services → domain; store, ingest and report serve them. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.smtconsole");
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
    void domainDependsOnNoOtherLayer() {
        noClasses().that().resideInAPackage("dev.smtconsole.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.smtconsole.store..", "dev.smtconsole.app..",
                        "dev.smtconsole.ui..", "dev.smtconsole.cli..", "dev.smtconsole.ingest..", "dev.smtconsole.report..")
                .check(classes);
    }

    @Test
    void uiAndCliReachTheDatabaseOnlyThroughServices() {
        noClasses().that().resideInAnyPackage("dev.smtconsole.ui..", "dev.smtconsole.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "jakarta.persistence..",
                        "org.hibernate..", "org.flywaydb..", "com.zaxxer..", "dev.smtconsole.store.entity..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.smtconsole.ui..", "dev.smtconsole.cli..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.smtconsole.store..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(
                                dev.smtconsole.store.DatabaseConfig.class, dev.smtconsole.store.DatabaseException.class))))
                .because("views and commands use app services; only the connection settings and their errors cross over")
                .check(classes);
    }

    @Test
    void servicesAndBackEndsDoNotUseTheGui() {
        noClasses().that().resideInAnyPackage("dev.smtconsole.app..", "dev.smtconsole.store..", "dev.smtconsole.ingest..",
                        "dev.smtconsole.domain..")
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
