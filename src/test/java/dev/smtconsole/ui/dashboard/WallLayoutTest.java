package dev.smtconsole.ui.dashboard;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The wall's arithmetic for every TV from 1366×768 to 4K and 1 to 12 lines. */
class WallLayoutTest {
    static Stream<Arguments> screensAndLines() {
        List<Arguments> all = new ArrayList<>();
        for (int[] s : new int[][]{{1366, 768}, {1600, 900}, {1920, 1080}, {2560, 1440}, {3840, 2160}}) {
            for (int lines = 1; lines <= 12; lines++) all.add(Arguments.of(s[0], s[1], lines));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}x{1}, {2} lines")
    @MethodSource("screensAndLines")
    void captionsAreAtLeastTwoPercentOfTheHeightAndEveryPageFits(int width, int height, int lines) {
        WallLayout l = WallLayout.of(width, height, lines);

        assertThat(l.caption()).isGreaterThanOrEqualTo(0.02 * height);
        assertThat(l.detail()).isGreaterThanOrEqualTo(0.02 * height);
        assertThat(l.value()).isGreaterThanOrEqualTo(2 * l.caption());
        assertThat(l.headerHeight() + 2 * l.gap() + l.linesPerPage() * l.rowHeight() + (l.linesPerPage() - 1) * l.gap())
                .as("the rows of a page fit the screen").isLessThanOrEqualTo(height);
        assertThat(l.linesPerPage() * l.pages()).isGreaterThanOrEqualTo(lines);
        assertThat((l.pages() - 1) * l.linesPerPage()).as("no page is empty").isLessThan(lines);
    }

    @Test
    void pagesOnlyWhenTheLinesDoNotFit() {
        for (int[] s : new int[][]{{1366, 768}, {1920, 1080}, {3840, 2160}}) {
            for (int lines = 1; lines <= 5; lines++) assertThat(WallLayout.of(s[0], s[1], lines).pages()).isEqualTo(1);
            assertThat(WallLayout.of(s[0], s[1], 6).pages()).isEqualTo(2);
            assertThat(WallLayout.of(s[0], s[1], 10).pages()).isEqualTo(2);
            assertThat(WallLayout.of(s[0], s[1], 12).pages()).isEqualTo(3);
        }
    }

    @Test
    void pagesAreBalanced() {
        WallLayout nine = WallLayout.of(1920, 1080, 9);
        assertThat(nine.pages()).isEqualTo(2);
        assertThat(nine.linesPerPage()).isEqualTo(5);
    }

    @Test
    void fewerLinesGetLargerNumbersAndTheMachineStrip() {
        WallLayout one = WallLayout.of(1920, 1080, 1);
        WallLayout three = WallLayout.of(1920, 1080, 3);
        WallLayout seven = WallLayout.of(1920, 1080, 5);
        assertThat(one.value()).isGreaterThanOrEqualTo(three.value());
        assertThat(three.value()).isGreaterThan(seven.value());
        assertThat(three.showMachines()).isTrue();
        assertThat(one.value()).isLessThanOrEqualTo(0.16 * 1080);
    }
}
