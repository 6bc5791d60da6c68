package dev.smtconsole.ui.kit;

/** Style-class names used from code; defined in /ui/console.css. */
public final class Styles {
    public static final String TITLE = "title";
    public static final String MUTED = "muted";
    public static final String EMPTY_STATE = "empty-state";
    public static final String STATUS_BAR = "status-bar";
    public static final String FIRST_RUN = "first-run";
    public static final String ERROR = "error-text";
    public static final String WARN = "warn";
    public static final String ALARM = "alarm";

    private Styles() {
    }
}
