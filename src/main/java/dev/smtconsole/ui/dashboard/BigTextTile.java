package dev.smtconsole.ui.dashboard;

import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;

/**
 * A TilesFX custom tile for a big text with a small line under it and an optional progress bar:
 * the job number, boards against plan, the data age. Fonts follow the tile's width, so the wall's
 * larger tiles get larger type like the built-in skins.
 */
final class BigTextTile {
    final Tile tile;
    final Label big = new Label();
    final Label small = new Label();
    final ProgressBar bar = new ProgressBar(0);

    BigTextTile(String id, boolean withBar) {
        big.getStyleClass().add("tile-big");
        small.getStyleClass().add("tile-small");
        small.setWrapText(true);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.getStyleClass().add("tile-bar");
        VBox box = new VBox(4, big, small);
        if (withBar) box.getChildren().add(bar);
        box.setAlignment(Pos.CENTER_LEFT);
        tile = TileBuilder.create().skinType(Tile.SkinType.CUSTOM).animated(false).graphic(box).build();
        tile.setId(id);
        tile.widthProperty().addListener((o, a, w) -> scale(w.doubleValue()));
        scale(tile.getPrefWidth());
    }

    private void scale(double w) {
        if (w <= 0) return;
        // inline styles: the page's stylesheet font size would otherwise win over setFont
        big.setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.0fpx;", Math.max(14, w * 0.15)));
        small.setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.0fpx;", Math.max(10, w * 0.075)));
        big.setMaxWidth(w * 0.9);
        small.setMaxWidth(w * 0.9);
        bar.setPrefHeight(Math.max(6, w * 0.04));
    }
}
