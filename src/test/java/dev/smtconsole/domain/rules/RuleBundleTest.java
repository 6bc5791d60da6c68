package dev.smtconsole.domain.rules;

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

/** The rules bundle is complete in both languages, and every key the code names exists. */
class RuleBundleTest {
    static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = RuleBundleTest.class.getResourceAsStream("/i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        assertThat(new TreeSet<>(load("rules_zh_CN.properties").stringPropertyNames()))
                .isEqualTo(new TreeSet<>(load("rules_en.properties").stringPropertyNames()));
    }

    @Test
    void everyRuleKeyUsedInTheCodeExists() throws IOException {
        Set<String> keys = load("rules_en.properties").stringPropertyNames();
        Pattern used = Pattern.compile("\"(rules\\.[a-zA-Z]+\\.[a-zA-Z.]+|rules\\.[a-zA-Z]+)\"");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = used.matcher(Files.readString(f));
                while (m.find()) {
                    String k = m.group(1);
                    if (!k.endsWith(".") && !keys.contains(k) && !k.startsWith("rules.field.")) missing.add(k + " in " + f.getFileName());
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
