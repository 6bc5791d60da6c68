package dev.smtconsole.ui.dashboard;

import dev.smtconsole.app.LineSnapshot;
import dev.smtconsole.domain.AlarmLevel;
import dev.smtconsole.ui.kit.Dates;
import dev.smtconsole.ui.kit.I18n;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * One line on the wall and in the dashboard area: a header (line, state badge with icon and word)
 * and seven tiles in one row — job and model, boards against plan, picks, placements, loss rate,
 * last 60 minutes against target, data age — with the per-machine loss rates under them where
 * there is room.
 */
final class LineTileGroup extends VBox {
    /** Column widths, relative: the header, then the seven tiles. */
    static final double[] WEIGHTS = {1.25, 1.35, 1.2, 1.0, 1.0, 1.35, 1.0, 1.0};

    private final String lineCode;
    private final Label title = new Label();
    private final Label badge = new Label();
    private final FontIcon badgeIcon = new FontIcon();
    private final VBox header = new VBox();
    private final WallTile job;
    private final WallTile boards;
    private final WallTile picks;
    private final WallTile placements;
    private final WallTile loss;
    private final WallTile lastHour;
    private final WallTile age;
    private final List<WallTile> tiles;
    private final HBox row = new HBox();
    private final FlowPane machines = new FlowPane();
    private LineSnapshot line;
    private LineState state;
    private TileMetrics metrics = TileMetrics.OFFICE;
    private double width = -1;
    /** What the group shows now; an unchanged refresh touches no node, so an idle wall does not repaint. */
    private Object shown;

    LineTileGroup(String lineCode) {
        this.lineCode = lineCode;
        setId("line-" + lineCode);
        getStyleClass().add("line-group");
        job = new WallTile("job-" + lineCode, false);
        boards = new WallTile("boards-" + lineCode, true);
        picks = new WallTile("picks-" + lineCode, false);
        placements = new WallTile("placements-" + lineCode, false);
        loss = new WallTile("loss-" + lineCode, false);
        lastHour = new WallTile("lastHour-" + lineCode, true);
        age = new WallTile("age-" + lineCode, false);
        tiles = List.of(job, boards, picks, placements, loss, lastHour, age);
        title.getStyleClass().add("line-title");
        title.setId("title-" + lineCode);
        title.setWrapText(true);
        badge.getStyleClass().add("state-badge");
        badge.setId("status-" + lineCode);
        badge.setGraphic(badgeIcon);
        badge.setWrapText(true);
        badge.setTextOverrun(OverrunStyle.CLIP);
        badge.setMaxWidth(Double.MAX_VALUE);
        badgeIcon.getStyleClass().add("state-icon");
        header.getStyleClass().add("line-header");
        header.getChildren().addAll(title, badge);
        header.setAlignment(Pos.CENTER_LEFT);
        row.getChildren().add(header);
        row.getChildren().addAll(tiles);
        row.setAlignment(Pos.CENTER_LEFT);
        machines.setId("machines-" + lineCode);
        machines.getStyleClass().add("machine-strip");
        getChildren().addAll(row, machines);
        setFocusTraversable(true);
        widthProperty().addListener((o, a, w) -> layoutTiles(w.doubleValue()));
    }

    String lineCode() {
        return lineCode;
    }

    LineSnapshot line() {
        return line;
    }

    LineState state() {
        return state;
    }

    WallTile lossTile() {
        return loss;
    }

    List<WallTile> tiles() {
        return tiles;
    }

    /** Font sizes and row height; the widths follow the group's own width. */
    void setMetrics(TileMetrics m) {
        if (m.equals(metrics)) return;
        metrics = m;
        width = -1;
        layoutTiles(getWidth());
    }

    TileMetrics metrics() {
        return metrics;
    }

    private void layoutTiles(double w) {
        if (w <= 0 || w == width) return;
        width = w;
        double gap = Math.max(4, Math.round(metrics.caption() * 0.35));
        double pad = gap;
        setPadding(new Insets(pad));
        setSpacing(gap * 0.6);
        row.setSpacing(gap);
        machines.setHgap(gap);
        machines.setVgap(gap * 0.5);
        double sum = 0;
        for (double x : WEIGHTS) sum += x;
        double room = w - 2 * pad - (WEIGHTS.length - 1) * gap - 1;
        double unit = room / sum;
        double headerWidth = Math.floor(unit * WEIGHTS[0]);
        // The group is exactly its row: padding, borders and the machine strip come out of the tiles' height.
        double strip = metrics.showMachines() ? Math.ceil(metrics.caption() * WallLayout.MACHINE_STRIP_IN_CAPTIONS) + gap * 0.6 : 0;
        double tileHeight = Math.max(metrics.caption() * 4, metrics.rowHeight() - 2 * pad - 6 - strip);
        header.setMinWidth(headerWidth);
        header.setPrefWidth(headerWidth);
        header.setMaxWidth(headerWidth);
        header.setMinHeight(tileHeight);
        header.setMaxHeight(tileHeight);
        header.setSpacing(gap * 0.5);
        title.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", Math.rint(metrics.caption() * 1.5)));
        badge.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", metrics.caption()));
        badgeIcon.setIconSize((int) Math.max(1, Math.round(metrics.caption() * 1.15)));
        for (int i = 0; i < tiles.size(); i++) tiles.get(i).apply(metrics, Math.floor(unit * WEIGHTS[i + 1]), tileHeight);
        for (var n : machines.getChildren()) n.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", metrics.detail()));
        machines.setVisible(metrics.showMachines());
        machines.setManaged(metrics.showMachines());
    }

    void update(LineSnapshot l, Instant now, boolean offline, I18n i18n, ZoneId zone) {
        update(l, now, offline, i18n, zone, 0);
    }

    /** @param notYetSent the line's records waiting in the local outbox (ADR 0025), shown on its badge */
    void update(LineSnapshot l, Instant now, boolean offline, I18n i18n, ZoneId zone, long notYetSent) {
        Locale locale = i18n.locale();
        String ageNow = l.lastEventAt() == null ? "" : ageText(i18n, Duration.between(l.lastEventAt(), now));
        LocalDate today = now.atZone(zone).toLocalDate();
        Object key = List.of(l, ageNow, locale, zone, offline, today, notYetSent);
        if (key.equals(shown)) return;
        shown = key;
        this.line = l;
        DecimalFormat count = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        title.setText(l.lineName() == null || l.lineName().equals(l.lineCode())
                ? i18n.get("dashboard.line", l.lineCode()) : i18n.get("dashboard.lineNamed", l.lineCode(), l.lineName()));

        job.set(i18n.get("dashboard.tile.job"), l.jobNo() == null ? i18n.get("dashboard.noJob") : l.jobNo(),
                l.productModel() == null ? "" : l.productModel());

        boolean hasPlan = l.planToday() != null && l.planToday() > 0;
        boards.set(i18n.get("dashboard.tile.boards"), count.format(l.boardsToday()), hasPlan
                ? i18n.get("dashboard.plan", count.format(l.planToday()), Math.round(100.0 * l.boardsToday() / l.planToday()))
                : i18n.get("dashboard.boardsNoPlan"));
        boards.bar.setProgress(hasPlan ? Math.min(1.0, (double) l.boardsToday() / l.planToday()) : 0);
        boards.bar.setVisible(hasPlan);

        picks.set(i18n.get("dashboard.tile.picks"), count.format(l.picks()), i18n.get("dashboard.rejects", count.format(l.rejects())));
        placements.set(i18n.get("dashboard.tile.placements"), count.format(l.placements()), "");

        loss.set(i18n.get("dashboard.tile.loss"), l.lossRate() == null ? "—" : pct(l.lossRate()),
                l.lossRate() == null ? i18n.get("dashboard.noPicks") : thresholdText(i18n, l.warnAbove(), l.alarmAbove()));
        loss.getProperties().put("level", l.lossLevel());
        AlarmLevel lineLevel = l.lossLevel() == null ? AlarmLevel.NONE : l.lossLevel();
        loss.setLevelClass(levelClass(lineLevel));
        loss.setIcon(lineLevel == AlarmLevel.ALARM ? Material2AL.ERROR : lineLevel == AlarmLevel.WARN ? Material2MZ.WARNING : null);

        Integer target = l.targetPerHour();
        lastHour.set(i18n.get("dashboard.tile.lastHour"), count.format(l.boardsLastHour()),
                target == null ? i18n.get("dashboard.noTarget") : i18n.get("dashboard.target", target));
        lastHour.bar.setVisible(target != null && target > 0);
        lastHour.bar.setProgress(target == null || target <= 0 ? 0 : Math.min(1.0, (double) l.boardsLastHour() / target));
        lastHour.bar.getStyleClass().remove("below-target");
        if (target != null && l.boardsLastHour() < target) lastHour.bar.getStyleClass().add("below-target");

        age.set(i18n.get("dashboard.tile.age"), l.lastEventAt() == null ? i18n.get("dashboard.noData") : ageNow,
                l.lastEventAt() == null ? "" : i18n.get("dashboard.lastData", Dates.timeOrDateTime(l.lastEventAt(), zone, today)));

        state = LineState.of(l, offline);
        getStyleClass().removeIf(c -> c.startsWith("state-"));
        getStyleClass().add(state.styleClass());
        badge.getStyleClass().removeIf(c -> c.startsWith("state-") && !c.equals("state-badge"));
        badge.getStyleClass().add(state.styleClass());
        badge.getProperties().put("state", state);
        badgeIcon.setIconCode(state.icon);
        badge.setText(stateText(i18n, l, state, zone, today)
                + (notYetSent > 0 ? " · " + i18n.get("dashboard.notYetSent", notYetSent) : ""));

        machines.getChildren().clear();
        Label head = new Label(i18n.get("dashboard.machineLoss"));
        head.getStyleClass().add("machine-head");
        machines.getChildren().add(head);
        for (LineSnapshot.MachineLoss m : l.machines()) {
            Label chip = new Label(i18n.get("dashboard.machineChip", m.code(), m.lossRate() == null ? "—" : pct(m.lossRate())));
            chip.setId("machine-" + m.code());
            AlarmLevel level = m.level() == null ? AlarmLevel.NONE : m.level();
            chip.getStyleClass().addAll("machine-chip", levelClass(level) == null ? "level-none" : levelClass(level));
            if (level == AlarmLevel.WARN || level == AlarmLevel.ALARM) {
                chip.setGraphic(new FontIcon(level == AlarmLevel.ALARM ? Material2AL.ERROR : Material2MZ.WARNING));
            }
            chip.getProperties().put("level", level);
            chip.setTooltip(new Tooltip(i18n.get("dashboard.machineTip", m.code(),
                    m.name() == null ? "" : m.name(), count.format(m.picks()), count.format(m.placements()),
                    count.format(m.picks() - m.placements()), thresholdText(i18n, m.warnAbove(), m.alarmAbove()))));
            machines.getChildren().add(chip);
        }
        width = -1;
        layoutTiles(getWidth());
    }

    static String levelClass(AlarmLevel level) {
        return switch (level) {
            case OK -> "level-ok";
            case WARN -> "level-warn";
            case ALARM -> "level-alarm";
            default -> null;
        };
    }

    private static String stateText(I18n i18n, LineSnapshot l, LineState s, ZoneId zone, LocalDate today) {
        LineSnapshot.MachineLoss m = LineState.worstMachine(l);
        boolean machineIsWorse = m != null && (l.lossLevel() == null || m.level().compareTo(l.lossLevel()) > 0);
        return switch (s) {
            case OFFLINE -> i18n.get("dashboard.state.offline");
            case NO_DATA -> i18n.get("dashboard.state.noData");
            case STALE -> i18n.get("dashboard.state.stale", Dates.timeOrDateTime(l.lastEventAt(), zone, today));
            case ALARM -> machineIsWorse ? i18n.get("dashboard.state.machineAlarm", m.code(), pct(m.lossRate()))
                    : i18n.get("dashboard.state.alarm");
            case WARN -> machineIsWorse ? i18n.get("dashboard.state.machineWarn", m.code(), pct(m.lossRate()))
                    : i18n.get("dashboard.state.warn");
            case RUNNING -> i18n.get("dashboard.state.running");
        };
    }

    private static String thresholdText(I18n i18n, Double warn, Double alarm) {
        if (warn == null && alarm == null) return i18n.get("dashboard.noLimits");
        return i18n.get("dashboard.limits", pct(warn), pct(alarm));
    }

    static String pct(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.2f\u00a0%%", v * 100); // no break inside "1.00 %"
    }

    static String ageText(I18n i18n, Duration d) {
        if (d.isNegative() || d.toMinutes() < 1) return i18n.get("dashboard.age.now");
        if (d.toHours() < 1) return i18n.get("dashboard.age.minutes", d.toMinutes());
        if (d.toDays() < 1) return i18n.get("dashboard.age.hours", d.toHours(), d.toMinutesPart());
        return i18n.get("dashboard.age.days", d.toDays());
    }
}
