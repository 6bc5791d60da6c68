package dev.smtconsole.gateway;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway over real HTTPS with key material the administrator would give: a PKCS#12 key
 * store (made here by the JDK's keytool) and the same key as a PEM file; a client that trusts
 * only that certificate posts and is answered; plain HTTP on the TLS port gets no answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayTlsTest {
    private static final String PASSWORD = "changeit-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;
    private AppServices services;
    private String token;
    private Path p12;
    private Path pem;
    private SSLContext trusting;

    @BeforeAll
    void setUp() throws Exception {
        services = new AppServices(Database.open(TestDatabases.h2(dir.resolve("db"))), Clock.systemUTC());
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        token = services.gateway().newToken("OP1001", services.masterData().current());

        p12 = dir.resolve("gateway.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = ks.getCertificate("gateway");
        var key = ks.getKey("gateway", PASSWORD.toCharArray());
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        pem = dir.resolve("gateway.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n"
                + "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
    }

    @AfterAll
    void tearDown() {
        if (services != null) services.close();
    }

    private GatewayServer server(SSLContext tls) throws IOException {
        GatewayService gw = services.gateway();
        return new GatewayServer(gw, new InetSocketAddress("127.0.0.1", 0), () -> gw.storedTokenHash().orElse(null),
                () -> GatewayServer.healthBody("test", services.schemaVersion(), null), tls).start();
    }

    private HttpResponse<String> post(HttpClient client, String scheme, int port) throws Exception {
        String body = """
                {"eventId":"tls-%s","eventTime":"%s","equipmentId":"L1-M1","runNo":"M008502",
                 "data":[{"specName":"boards","valueNumber":1}]}""".formatted(UUID.randomUUID(),
                Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
        return client.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + GatewayServer.PATH))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .timeout(java.time.Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersHttpsWithAPkcs12KeyStore() throws Exception {
        try (GatewayServer s = server(Tls.context(p12, PASSWORD.toCharArray()))) {
            assertThat(s.isTls()).isTrue();
            HttpResponse<String> r = post(HttpClient.newBuilder().sslContext(trusting).build(), "https", s.port());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"isDuplicate\":false");
            // Plain HTTP on the TLS port is not answered as HTTP.
            assertThatThrownBy(() -> post(HttpClient.newHttpClient(), "http", s.port())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void answersHttpsWithAPemFile() throws Exception {
        try (GatewayServer s = server(Tls.context(pem, new char[0]))) {
            HttpResponse<String> r = post(HttpClient.newBuilder().sslContext(trusting).build(), "https", s.port());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            // A client that does not trust the certificate does not get through.
            assertThatThrownBy(() -> post(HttpClient.newHttpClient(), "https", s.port())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theWindowsListenerAnswersHttpsWithThePemItWasGiven() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        GatewayRunner runner = new GatewayRunner(services);
        try {
            var running = runner.start(new dev.smtconsole.app.GatewayHost.Config("127.0.0.1", port, pem, null));
            assertThat(running.tls()).isTrue();
            HttpResponse<String> r = post(HttpClient.newBuilder().sslContext(trusting).build(), "https", port);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            // A PKCS#12 whose password variable is not set is refused with a sentence, not a stack trace.
            assertThatThrownBy(() -> runner.start(new dev.smtconsole.app.GatewayHost.Config("127.0.0.1", port, p12,
                    "SMT_TEST_SURELY_UNSET_" + UUID.randomUUID().toString().replace("-", ""))))
                    .isInstanceOf(dev.smtconsole.app.LocalizedException.class);
        } finally {
            runner.stop();
        }
    }

    @Test
    void aWrongPasswordOrAnEncryptedKeySaysWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> Tls.context(p12, "wrong".toCharArray())).isInstanceOf(IOException.class)
                .hasMessageContaining("gateway.p12");
        Path encrypted = dir.resolve("enc.pem");
        Files.writeString(encrypted, Files.readString(pem).replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"));
        assertThatThrownBy(() -> Tls.context(encrypted, new char[0])).isInstanceOf(IOException.class)
                .hasMessageContaining("unencrypted PKCS#8");
    }
}
