package dev.smtconsole.ui;

import dev.smtconsole.ui.kit.ErrorText;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;

import java.util.function.Supplier;

/**
 * The main window's own state: who is signed in (a known operator id, or anybody while no
 * operator list exists) with the reason when nobody is, and the first-run offer of demo data on
 * an empty database. Texts follow the language switch.
 */
public final class MainViewModel {
    private final dev.smtconsole.ui.kit.Features.Shell services;
    private final TaskExecutor tasks;
    private final I18n i18n;
    private final StringProperty operator;

    private final ReadOnlyStringWrapper operatorProblem = new ReadOnlyStringWrapper("");
    private Supplier<String> operatorProblemSource = () -> "";
    private boolean operatorProblemShown;
    private final ReadOnlyBooleanWrapper firstRun = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loadingDemo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper firstRunError = new ReadOnlyStringWrapper("");
    private Supplier<String> firstRunErrorSource = () -> "";

    public MainViewModel(dev.smtconsole.ui.kit.Features.Shell services, TaskExecutor tasks, I18n i18n, StringProperty operator) {
        this.services = services;
        this.tasks = tasks;
        this.i18n = i18n;
        this.operator = operator;
        i18n.localeProperty().addListener(o -> {
            operatorProblem.set(operatorProblemSource.get());
            firstRunError.set(firstRunErrorSource.get());
        });
    }

    /**
     * Makes {@code typed} the console's operator when it is a known operator id (or when no operator
     * list exists yet); otherwise nobody is signed in and {@link #operatorProblemProperty()} says why.
     */
    public void signIn(String typed) {
        String id = typed == null ? "" : typed.strip();
        if (id.equals(operator.get()) && !operatorProblemShown) return;
        if (id.isEmpty()) {
            showOperatorProblem(null);
            operator.set("");
            return;
        }
        tasks.run(() -> services.masterData().current(), master -> {
            if (!master.hasOperatorList() || master.isKnownOperator(id)) {
                showOperatorProblem(null);
                operator.set(id);
            } else {
                operator.set("");
                showOperatorProblem(() -> i18n.get("app.operator.unknown", id));
            }
        }, e -> {
            operator.set("");
            showOperatorProblem(() -> i18n.get("app.operator.checkFailed", ErrorText.reason(e, i18n)));
        });
    }

    private void showOperatorProblem(Supplier<String> source) {
        operatorProblemShown = source != null;
        operatorProblemSource = source == null ? () -> "" : source;
        operatorProblem.set(operatorProblemSource.get());
    }

    /** Offers demo data when the database holds nothing yet. */
    public void checkFirstRun() {
        tasks.run(() -> services.masterData().current().isEmpty(), firstRun::set, e -> { }); // no offer is no error: the executor logs it
    }

    /** Loads a week of demo data; {@code after} runs once it is in (the shown page reloads). */
    public void loadDemo(Runnable after) {
        if (loadingDemo.get()) return;
        loadingDemo.set(true);
        firstRunErrorSource = () -> "";
        firstRunError.set("");
        tasks.run(() -> services.demo().get().load(7, n -> { }), r -> {
            loadingDemo.set(false);
            firstRun.set(false);
            after.run();
        }, e -> {
            loadingDemo.set(false);
            firstRunErrorSource = () -> i18n.get("app.firstRun.failed", ErrorText.reason(e, i18n));
            firstRunError.set(firstRunErrorSource.get());
        });
    }

    public ReadOnlyStringProperty operatorProblemProperty() {
        return operatorProblem.getReadOnlyProperty();
    }

    /** True while the database is empty and the demo data is offered. */
    public ReadOnlyBooleanProperty firstRunProperty() {
        return firstRun.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingDemoProperty() {
        return loadingDemo.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty firstRunErrorProperty() {
        return firstRunError.getReadOnlyProperty();
    }
}
