package dev.smtconsole.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.smtconsole.ui.Rendering.Choice.SOFTWARE;
import static dev.smtconsole.ui.Rendering.Choice.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;

/** Which pipeline the window asks JavaFX for, from a device folder laid out as a PC's /dev would be. */
class RenderingTest {
    @TempDir
    Path dev;

    @Test
    void aLinuxPcWithoutAGraphicsDeviceDrawsInSoftware() throws Exception {
        assertThat(Rendering.choose("Linux", null, null, dev)).isEqualTo(SOFTWARE);
        Files.createDirectories(dev.resolve("dri")); // the folder alone (a driver without a device) is no GPU
        assertThat(Rendering.choose("Linux", null, null, dev)).isEqualTo(SOFTWARE);
    }

    @Test
    void aDrmOrNvidiaDeviceLeavesJavafxToDecide() throws Exception {
        Files.createDirectories(dev.resolve("dri"));
        Files.createFile(dev.resolve("dri/renderD128"));
        assertThat(Rendering.choose("Linux", null, null, dev)).isEqualTo(UNCHANGED);
        Files.delete(dev.resolve("dri/renderD128"));
        Files.createFile(dev.resolve("dri/card0"));
        assertThat(Rendering.choose("Linux", null, null, dev)).isEqualTo(UNCHANGED);
        Files.delete(dev.resolve("dri/card0"));
        Files.createFile(dev.resolve("nvidia0"));
        assertThat(Rendering.choose("Linux", null, null, dev)).isEqualTo(UNCHANGED);
    }

    @Test
    void theUsersChoiceWins() {
        assertThat(Rendering.choose("Linux", "es2", null, dev)).as("-Dprism.order given").isEqualTo(UNCHANGED);
        assertThat(Rendering.choose("Linux", null, "gpu", dev)).isEqualTo(UNCHANGED);
        assertThat(Rendering.choose("Windows 11", null, " Software ", dev)).isEqualTo(SOFTWARE);
    }

    @Test
    void otherSystemsAreLeftAlone() {
        assertThat(Rendering.choose("Windows 11", null, null, dev)).isEqualTo(UNCHANGED);
        assertThat(Rendering.choose("Mac OS X", null, null, dev)).isEqualTo(UNCHANGED);
    }
}
