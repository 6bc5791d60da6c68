package dev.smtconsole.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The architecture rules are not a test that cannot fail: on a small class set with deliberate
 * leaks ({@code dev.smtconsole.arch.leak}) the same rules that pass on the product fail, naming
 * each leak.
 */
class LayerLeakTest {
    private static JavaClasses leaky;

    @BeforeAll
    static void importFixture() {
        leaky = new ClassFileImporter().importPackages("dev.smtconsole.arch.leak");
    }

    @Test
    void aDomainRuleThatUsesTheStoreAndAUseCaseThatBypassesItsPortFail() {
        assertThatThrownBy(() -> Layers.of("dev.smtconsole.arch.leak").check(leaky))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Rule.holds(dev.smtconsole.arch.leak.store.Repository)")
                .hasMessageContaining("dev.smtconsole.arch.leak.app.ingest.UseCase")
                .hasMessageContaining("was violated (");
    }

    @Test
    void aCycleBetweenAPackageAndItsSubPackageFails() {
        assertThatThrownBy(() -> slices().matching("dev.smtconsole.arch.leak.(**)").should().beFreeOfCycles().check(leaky))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected: Slice ingest");
    }

    @Test
    void aViewThatReachesTheWholeApplicationFails() {
        assertThatThrownBy(() -> Layers.featureViewsSeeOnlyTheirSlice("dev.smtconsole.arch.leak").check(leaky))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.smtconsole.arch.leak.ui.report.GreedyView")
                .hasMessageContaining("dev.smtconsole.arch.leak.app.AppServices");
    }
}
