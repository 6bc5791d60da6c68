package dev.smtconsole.ui.dashboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Both languages of the dashboard bundle are complete, and every key is used by the dashboard's code. */
class DashboardBundleTest {

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = DashboardBundleTest.class.getResourceAsStream("/i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void englishAndChineseHaveTheSameKeys() throws IOException {
        Set<String> en = new TreeSet<>(load("dashboard_en.properties").stringPropertyNames());
        Set<String> zh = new TreeSet<>(load("dashboard_zh_CN.properties").stringPropertyNames());
        assertThat(zh).isEqualTo(en);
        assertThat(en).allMatch(k -> k.startsWith("dashboard."));
    }

    @Test
    void everyKeyIsUsed() throws IOException {
        String code;
        // The wall's views, and the dashboard service's keyed errors.
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/java/dev/smtconsole/ui/dashboard")),
                Stream.of(Path.of("src/main/java/dev/smtconsole/app/DashboardService.java")))) {
            code = files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
        Set<String> unused = load("dashboard_en.properties").stringPropertyNames().stream()
                .filter(k -> !code.contains("\"" + k + "\"")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(unused).isEmpty();
    }
}
