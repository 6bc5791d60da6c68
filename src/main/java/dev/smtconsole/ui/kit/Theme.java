package dev.smtconsole.ui.kit;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.text.Font;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The look (ADR 0013): AtlantaFX Primer Light for the office windows, Primer Dark for the wall,
 * our few rules in /ui/console.css on top, and a font that has the Chinese glyphs.
 * <p>
 * The light theme is JavaFX's user-agent stylesheet (so dialogs, tooltips and pop-ups get it too);
 * the wall's scene overrides it with the dark one.
 */
public final class Theme {
    /** Fonts with both scripts, best first: Windows, macOS, Linux (fonts-noto-cjk), older Linux. */
    private static final List<String> CJK_FAMILIES = List.of("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC",
            "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei");
    private static volatile String family;

    private Theme() {
    }

    /** Installs the office theme for the whole application; call on the FX thread before building windows. */
    public static void installOffice() {
        String light = new PrimerLight().getUserAgentStylesheet();
        if (!light.equals(Application.getUserAgentStylesheet())) Application.setUserAgentStylesheet(light);
    }

    /** A window of the office (main window, print preview, dialogs of ours). */
    public static Scene office(Scene scene) {
        installOffice();
        addOurs(scene);
        return scene;
    }

    /** The wall: the dark theme on this scene only. */
    public static Scene wall(Scene scene) {
        scene.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        addOurs(scene);
        return scene;
    }

    /** The office look on a view that will be placed in a scene someone else makes (the main window's root). */
    public static void office(javafx.scene.Parent root) {
        installOffice();
        for (String sheet : ours()) {
            if (!root.getStylesheets().contains(sheet)) root.getStylesheets().add(sheet);
        }
    }

    private static void addOurs(Scene scene) {
        for (String sheet : ours()) {
            if (!scene.getStylesheets().contains(sheet)) scene.getStylesheets().add(sheet);
        }
    }

    private static List<String> ours() {
        return List.of(fontStylesheet(), Theme.class.getResource("/ui/console.css").toExternalForm());
    }

    /** The installed family that has Chinese glyphs, else the platform's default. */
    public static String fontFamily() {
        String f = family;
        if (f == null) {
            List<String> installed = Font.getFamilies();
            f = CJK_FAMILIES.stream().filter(installed::contains).findFirst().orElse(Font.getDefault().getFamily());
            family = f;
        }
        return f;
    }

    /** True when the chosen family has Chinese glyphs (else Chinese may show as boxes). */
    public static boolean hasCjkFont() {
        return CJK_FAMILIES.contains(fontFamily());
    }

    /**
     * {@code -fx-font-family} takes one family, and which one is installed is known only at run time:
     * a one-rule stylesheet as a data URL says it.
     */
    static String fontStylesheet() {
        String css = ".root { -fx-font-family: \"" + fontFamily() + "\"; }";
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(css.getBytes(StandardCharsets.UTF_8));
    }
}
