package dev.smtconsole.ui.kit;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

/**
 * Clicks a node of a scene that keeps changing (the counter wall refreshes on its own): where to click is worked out
 * on the FX thread, and only the mouse moves from the test's. {@code robot.clickOn("#id")} looks the node up and reads
 * its bounds from the test thread, which races the toolkit laying out the same text (seen in CI: a
 * NullPointerException inside PrismTextLayout).
 */
public final class FxClick {
    private FxClick() {
    }

    public static void on(FxRobot robot, Scene scene, String selector) throws Exception {
        Point2D centre = WaitForAsyncUtils.asyncFx(() -> {
            Node n = scene.getRoot().lookup(selector);
            if (n == null) throw new IllegalStateException("nothing matches " + selector);
            Bounds b = n.localToScreen(n.getBoundsInLocal());
            return new Point2D(b.getCenterX(), b.getCenterY());
        }).get(10, TimeUnit.SECONDS);
        robot.clickOn(centre);
    }
}
