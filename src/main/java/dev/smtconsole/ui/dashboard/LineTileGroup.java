package dev.smtconsole.ui.dashboard;

import dev.smtconsole.app.LineSnapshot;
import dev.smtconsole.domain.AlarmLevel;
import dev.smtconsole.ui.I18n;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.Tile.SkinType;
import eu.hansolo.tilesfx.TileBuilder;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One line on the wall: a header, seven TilesFX tiles (job and model, boards vs plan, picks,
 * placements, loss rate, last 60 minutes vs target, data age) and the per-machine loss rates under
 * them. The whole group turns grey when the line's data is stale.
 */
final class LineTileGroup extends VBox {
    static final Color STALE = Color.web("#6b6f73");
    static final Color WARN = Tile.ORANGE;
    static final Color ALARM = Tile.RED;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final String lineCode;
    private final Label title = new Label();
    private final Label status = new Label();
    private final BigTextTile job;
    private final BigTextTile boards;
    private final Tile picks;
    private final Tile placements;
    private final Tile loss;
    private final Tile lastHour;
    private final BigTextTile age;
    private final List<Tile> tiles;
    private final FlowPane machines = new FlowPane(8, 6);
    private final HBox tileRow;
    private LineSnapshot line;
    /** What the group shows now; an unchanged refresh touches no node, so an idle wall does not repaint. */
    private Object shown;

    LineTileGroup(String lineCode) {
        this.lineCode = lineCode;
        setId("line-" + lineCode);
        getStyleClass().add("line-group");
        job = new BigTextTile("job-" + lineCode, false);
        boards = new BigTextTile("boards-" + lineCode, true);
        picks = tile(SkinType.NUMBER, "picks");
        placements = tile(SkinType.NUMBER, "placements");
        for (Tile t : List.of(picks, placements)) {
            // 191,907 reads faster from across the floor than 191907
            t.setCustomDecimalFormat(new java.text.DecimalFormat("#,##0", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
            t.setCustomDecimalFormatEnabled(true);
        }
        loss = tile(SkinType.NUMBER, "loss");
        loss.setUnit("%");
        loss.setDecimals(2);
        lastHour = tile(SkinType.BAR_GAUGE, "lastHour");
        age = new BigTextTile("age-" + lineCode, false);
        tiles = List.of(job.tile, boards.tile, picks, placements, loss, lastHour, age.tile);
        // TilesFX's own font has no Chinese glyphs: titles would be boxes
        String family = HourlyChart.fontFamily();
        if (!family.equals(java.awt.Font.SANS_SERIF)) {
            for (Tile t : tiles) {
                t.setCustomFont(javafx.scene.text.Font.font(family));
                t.setCustomFontEnabled(true);
            }
        }
        title.getStyleClass().add("line-title");
        title.setId("title-" + lineCode);
        status.getStyleClass().add("line-status");
        status.setId("status-" + lineCode);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, title, spacer, status);
        header.setAlignment(Pos.CENTER_LEFT);
        tileRow = new HBox(8);
        tileRow.getChildren().addAll(tiles);
        machines.setId("machines-" + lineCode);
        machines.getStyleClass().add("machine-strip");
        getChildren().addAll(header, tileRow, machines);
        setSpacing(4);
        setPadding(new Insets(6, 10, 8, 10));
        setTileSize(160, 116);
    }

    private Tile tile(SkinType skin, String name) {
        Tile t = TileBuilder.create().skinType(skin).animated(false).decimals(0).textVisible(true).build();
        t.setId(name + "-" + lineCode);
        return t;
    }

    String lineCode() {
        return lineCode;
    }

    LineSnapshot line() {
        return line;
    }

    Tile lossTile() {
        return loss;
    }

    void setTileSize(double w, double h) {
        for (Tile t : tiles) {
            t.setPrefSize(w, h);
            t.setMinSize(w, h);
            t.setMaxSize(w, h);
        }
    }

    void update(LineSnapshot l, Instant now, I18n i18n, ZoneId zone) {
        Locale locale = i18n.locale();
        String ageNow = l.lastEventAt() == null ? "" : ageText(i18n, Duration.between(l.lastEventAt(), now));
        Object key = java.util.List.of(l, ageNow, locale, zone);
        if (key.equals(shown)) return;
        shown = key;
        this.line = l;
        title.setText(l.lineName() == null || l.lineName().equals(l.lineCode())
                ? i18n.get("dashboard.line", l.lineCode()) : i18n.get("dashboard.lineNamed", l.lineCode(), l.lineName()));

        job.tile.setTitle(i18n.get("dashboard.tile.job"));
        job.big.setText(l.jobNo() == null ? i18n.get("dashboard.noJob") : l.jobNo());
        job.small.setText(l.productModel() == null ? "" : l.productModel());

        boards.tile.setTitle(i18n.get("dashboard.tile.boards"));
        boolean hasPlan = l.planToday() != null && l.planToday() > 0;
        boards.big.setText(String.format(locale, "%,d", l.boardsToday()));
        boards.small.setText(hasPlan ? i18n.get("dashboard.boardsOfPlan", l.boardsToday(), l.planToday(),
                        Math.round(100.0 * l.boardsToday() / l.planToday())) : i18n.get("dashboard.boardsNoPlan"));
        boards.bar.setProgress(hasPlan ? Math.min(1.0, (double) l.boardsToday() / l.planToday()) : 0);
        boards.bar.setVisible(hasPlan);
        boards.tile.setText(l.jobNo() == null ? "" : l.jobPlannedQty() == null
                ? i18n.get("dashboard.jobBoards", l.jobNo(), l.jobBoardsToday())
                : i18n.get("dashboard.jobBoardsOfPlan", l.jobNo(), l.jobBoardsToday(), l.jobPlannedQty()));

        picks.setTitle(i18n.get("dashboard.tile.picks"));
        picks.setValue(l.picks());
        picks.setText(i18n.get("dashboard.rejects", l.rejects()));
        placements.setTitle(i18n.get("dashboard.tile.placements"));
        placements.setValue(l.placements());
        placements.setText("");

        loss.setTitle(i18n.get("dashboard.tile.loss"));
        loss.setValue(l.lossRate() == null ? 0 : l.lossRate() * 100);
        loss.setDescription(l.lossRate() == null ? i18n.get("dashboard.noPicks") : "");
        loss.setText(thresholdText(i18n, l.warnAbove(), l.alarmAbove()));
        loss.getProperties().put("level", l.lossLevel());

        lastHour.setTitle(i18n.get("dashboard.tile.lastHour"));
        Integer target = l.targetPerHour();
        double max = Math.max(target == null ? 1 : target * 1.25, l.boardsLastHour());
        lastHour.setMaxValue(Math.max(1, max));
        lastHour.setValue(l.boardsLastHour());
        lastHour.setThreshold(target == null ? max : target);
        lastHour.setThresholdVisible(target != null);
        lastHour.setText(target == null ? i18n.get("dashboard.noTarget") : i18n.get("dashboard.target", target));

        age.tile.setTitle(i18n.get("dashboard.tile.age"));
        if (l.lastEventAt() == null) {
            age.big.setText(i18n.get("dashboard.noData"));
            age.small.setText("");
        } else {
            age.big.setText(ageText(i18n, Duration.between(l.lastEventAt(), now)));
            age.small.setText(i18n.get("dashboard.lastData", HH_MM.withLocale(locale).format(l.lastEventAt().atZone(zone))));
        }

        getStyleClass().removeAll("stale");
        if (l.stale()) getStyleClass().add("stale");
        status.setText(!l.stale() ? "" : l.lastEventAt() == null ? i18n.get("dashboard.noDataYet")
                : i18n.get("dashboard.staleSince", HH_MM.format(l.lastEventAt().atZone(zone))));
        for (Tile t : tiles) {
            t.setBackgroundColor(l.stale() ? STALE : Tile.BACKGROUND);
        }
        if (!l.stale()) loss.setBackgroundColor(colour(l.lossLevel(), Tile.BACKGROUND));
        lastHour.setBarColor(l.stale() ? Color.web("#9e9e9e")
                : target != null && l.boardsLastHour() < target ? Tile.ORANGE : Tile.GREEN);

        machines.getChildren().clear();
        Label head = new Label(i18n.get("dashboard.machineLoss"));
        head.getStyleClass().add("machine-head");
        machines.getChildren().add(head);
        for (LineSnapshot.MachineLoss m : l.machines()) {
            Label chip = new Label(i18n.get("dashboard.machineChip", m.code(),
                    m.lossRate() == null ? "—" : String.format(Locale.ROOT, "%.2f%%", m.lossRate() * 100)));
            chip.setId("machine-" + m.code());
            chip.getStyleClass().addAll("machine-chip", l.stale() ? "level-stale" : "level-" + m.level().name().toLowerCase(Locale.ROOT));
            chip.getProperties().put("level", m.level());
            chip.setTooltip(new javafx.scene.control.Tooltip(i18n.get("dashboard.machineTip", m.code(),
                    m.name() == null ? "" : m.name(), m.picks(), m.placements(), m.picks() - m.placements(),
                    thresholdText(i18n, m.warnAbove(), m.alarmAbove()))));
            machines.getChildren().add(chip);
        }
    }

    static Color colour(AlarmLevel level, Color otherwise) {
        return switch (level) {
            case WARN -> WARN;
            case ALARM -> ALARM;
            default -> otherwise;
        };
    }

    private static String thresholdText(I18n i18n, Double warn, Double alarm) {
        if (warn == null && alarm == null) return i18n.get("dashboard.noLimits");
        return i18n.get("dashboard.limits", pct(warn), pct(alarm));
    }

    private static String pct(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    static String ageText(I18n i18n, Duration d) {
        if (d.isNegative() || d.toMinutes() < 1) return i18n.get("dashboard.age.now");
        if (d.toHours() < 1) return i18n.get("dashboard.age.minutes", d.toMinutes());
        if (d.toDays() < 1) return i18n.get("dashboard.age.hours", d.toHours(), d.toMinutesPart());
        return i18n.get("dashboard.age.days", d.toDays());
    }
}
