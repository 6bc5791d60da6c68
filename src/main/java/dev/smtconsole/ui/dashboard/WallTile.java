package dev.smtconsole.ui.dashboard;

import dev.smtconsole.ui.kit.Theme;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;

/**
 * One figure of a line: a caption, the value as large as the tile allows, and a small line under it.
 * Everything is left-aligned (the wall's one alignment rule); a value that would not fit its tile
 * at the row's size is set smaller rather than cut.
 */
final class WallTile extends VBox {
    final Label caption = new Label();
    final Label value = new Label();
    final Label detail = new Label();
    final ProgressBar bar = new ProgressBar(0);
    private final FontIcon icon = new FontIcon();
    private TileMetrics metrics;
    private double tileWidth;

    WallTile(String id, boolean withBar) {
        setId(id);
        getStyleClass().add("wall-tile");
        caption.getStyleClass().add("tile-caption");
        value.getStyleClass().add("tile-value");
        value.setId(id + "-value");
        detail.getStyleClass().add("tile-detail");
        detail.setId(id + "-detail");
        icon.getStyleClass().add("tile-icon");
        icon.setVisible(false);
        icon.setManaged(false);
        detail.setWrapText(true);
        for (Label l : new Label[]{caption, value, detail}) {
            l.setTextOverrun(OverrunStyle.CLIP);
            l.setMinWidth(0);
            l.setMaxWidth(Double.MAX_VALUE);
            l.setAlignment(Pos.CENTER_LEFT);
        }
        HBox head = new HBox(caption, icon);
        head.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(caption, Priority.ALWAYS);
        bar.getStyleClass().add("tile-bar");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setVisible(withBar);
        bar.setManaged(withBar);
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(head, spacer, value, detail, bar);
        setAlignment(Pos.TOP_LEFT);
        value.textProperty().addListener(o -> fitValue());
        detail.textProperty().addListener(o -> fitValue());
    }

    void set(String captionText, String valueText, String detailText) {
        caption.setText(captionText);
        value.setText(valueText);
        detail.setText(detailText == null ? "" : detailText);
    }

    /** A warning/alarm icon beside the caption (the level is also the tile's colour and the line's badge). */
    void setIcon(Ikon ikon) {
        icon.setVisible(ikon != null);
        icon.setManaged(ikon != null);
        if (ikon != null) icon.setIconCode(ikon);
    }

    /** Exactly one of the level classes (level-ok, level-warn, level-alarm) or none. */
    void setLevelClass(String levelClass) {
        getStyleClass().removeIf(c -> c.startsWith("level-"));
        if (levelClass != null) getStyleClass().add(levelClass);
    }

    /** Line height of the fonts we use (CJK fonts are tall), in font sizes. */
    static final double LINE = 1.45;
    private double tileHeight;

    void apply(TileMetrics m, double width) {
        apply(m, width, m.rowHeight());
    }

    void apply(TileMetrics m, double width, double height) {
        this.metrics = m;
        this.tileWidth = width;
        this.tileHeight = height;
        setMinSize(width, height);
        setPrefSize(width, height);
        setMaxSize(width, height);
        double pad = Math.round(m.caption() * 0.4);
        setPadding(new Insets(pad * 0.6, pad, pad * 0.6, pad));
        caption.setStyle(size(m.caption()));
        detail.setStyle(size(m.detail()));
        icon.setIconSize((int) Math.max(1, Math.round(m.caption() * 1.1)));
        bar.setPrefHeight(Math.max(4, Math.round(m.caption() * 0.3)));
        fitValue();
    }

    /**
     * The row's value size, or smaller when this value's text would not fit the tile's width, or its
     * height beside the caption, the small line (one or two lines) and the bar.
     */
    private void fitValue() {
        if (metrics == null) return;
        double pad = Math.round(metrics.caption() * 0.4);
        double room = tileWidth - 2 * pad - 2;
        int detailLines = detail.getText().isEmpty() ? 1 : textWidth(detail.getText(), metrics.detail(), false) > room ? 2 : 1;
        double barHeight = bar.isManaged() ? Math.max(4, Math.round(metrics.caption() * 0.3)) + 2 : 0;
        double forValue = tileHeight - 1.2 * pad - metrics.caption() * LINE - detailLines * metrics.detail() * LINE - barHeight;
        double size = Math.min(metrics.value(), Math.floor(forValue / LINE));
        double w = textWidth(value.getText(), size, true);
        if (w > room && w > 0) size = Math.floor(size * room / w);
        size = Math.max(metrics.caption(), size);
        value.setStyle(size(size));
        value.getProperties().put("fontSize", size);
    }

    double valueFontSize() {
        Object v = value.getProperties().get("fontSize");
        return v instanceof Double d ? d : 0;
    }

    static double textWidth(String text, double size, boolean bold) {
        if (text == null || text.isEmpty()) return 0;
        Text t = new Text(text);
        t.setFont(Font.font(Theme.fontFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, size));
        return t.getLayoutBounds().getWidth();
    }

    private static String size(double px) {
        return String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", px);
    }
}
