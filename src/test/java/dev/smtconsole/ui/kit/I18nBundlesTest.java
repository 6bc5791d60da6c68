package dev.smtconsole.ui.kit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every key exists in both languages, in the bundle its prefix names, with a non-empty text. */
class I18nBundlesTest {

    @Test
    void everyKeyIsInBothLanguages() throws IOException {
        for (String bundle : I18n.BUNDLES) {
            Properties en = load("i18n/" + bundle + "_en.properties");
            Properties zh = load("i18n/" + bundle + "_zh_CN.properties");
            assertThat(new TreeSet<>(zh.stringPropertyNames()))
                    .as("keys of bundle %s: zh_CN vs en", bundle)
                    .isEqualTo(new TreeSet<>(en.stringPropertyNames()));
            for (String key : en.stringPropertyNames()) {
                assertThat(I18n.bundleOf(key)).as("key %s lives in the bundle of its prefix", key).isEqualTo(bundle);
                assertThat(en.getProperty(key)).as("en %s", key).isNotBlank();
                assertThat(zh.getProperty(key)).as("zh %s", key).isNotBlank();
            }
        }
    }

    @Test
    void chineseTextsAreChinese() throws IOException {
        Properties zh = load("i18n/messages_zh_CN.properties");
        assertThat(zh.getProperty("app.firstRun.loadDemo")).isEqualTo("加载演示数据");
        assertThat(I18n.format(I18n.ZH, "ingest.title")).isEqualTo("录入");
        assertThat(I18n.format(I18n.EN, "ingest.title")).isEqualTo("Ingest");
    }

    private static Properties load(String resource) throws IOException {
        try (InputStream in = I18nBundlesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        }
    }
}
