package dev.smtconsole.ingest.formats;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The formats bundle is complete in both languages, and every key the code names exists. */
class FormatsBundleTest {
    private static Properties load(String lang) throws IOException {
        Properties p = new Properties();
        try (InputStream in = FormatsBundleTest.class.getResourceAsStream("/i18n/formats_" + lang + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bothLanguagesHaveTheSameKeysAndEveryUsedKeyExists() throws IOException {
        Properties en = load("en"), zh = load("zh_CN");
        assertThat(zh.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(en.stringPropertyNames()).allMatch(k -> k.startsWith("formats."));
        Set<String> used = new TreeSet<>();
        Pattern key = Pattern.compile("\"(formats\\.[a-zA-Z]+(?:\\.[A-Za-z_]+)+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/smtconsole/ui/ingest/profile"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = key.matcher(Files.readString(f));
                while (m.find()) used.add(m.group(1));
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(en.stringPropertyNames()).containsAll(used);
        assertThat(zh.getProperty("formats.editor.save")).isEqualTo("保存");
    }
}
