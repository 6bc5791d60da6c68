package dev.smtconsole.ui.ingest;

import dev.smtconsole.ui.kit.I18n;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Both languages of the ingest views are complete, and every key the views use exists. */
class IngestBundleTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/smtconsole/ui/ingest");

    @Test
    void everyKeyTheViewsUseIsInBothLanguages() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern key = Pattern.compile("\"(ingest\\.[A-Za-z0-9_.]*[A-Za-z0-9_])\"");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = key.matcher(Files.readString(f));
                while (m.find()) used.add(m.group(1));
            }
        }
        used.remove(IngestPage.LAST_LINE); // a settings key, not a text
        assertThat(used).hasSizeGreaterThan(50);
        for (var locale : new java.util.Locale[]{I18n.EN, I18n.ZH}) {
            ResourceBundle b = I18n.bundle("ingest", locale);
            assertThat(used).as("keys missing in %s", locale).allMatch(b::containsKey);
        }
    }

    @Test
    void englishAndChineseHaveTheSameKeys() {
        Set<String> en = new TreeSet<>(I18n.bundle("ingest", I18n.EN).keySet());
        Set<String> zh = new TreeSet<>(I18n.bundle("ingest", I18n.ZH).keySet());
        assertThat(zh).isEqualTo(en);
    }

    @Test
    void everyFormatAndStatusHasAName() {
        for (String f : FileImportViewModel.FORMATS) {
            assertThat(I18n.format(I18n.ZH, "ingest.import.format." + f)).doesNotStartWith("!");
            assertThat(I18n.format(I18n.EN, "ingest.import.format." + f)).doesNotStartWith("!");
        }
        for (String s : new String[]{"accept", "reject", "skip", "warn"}) {
            assertThat(I18n.format(I18n.ZH, "ingest.import.status." + s)).doesNotStartWith("!");
        }
    }
}
