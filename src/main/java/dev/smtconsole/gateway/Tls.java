package dev.smtconsole.gateway;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's TLS from what the administrator gives: a PKCS#12 key store ({@code .p12},
 * {@code .pfx}) with its password, or a PEM file with the certificate chain and an unencrypted
 * PKCS#8 private key ({@code BEGIN PRIVATE KEY}; RSA or EC) — the key's file permissions protect it.
 */
public final class Tls {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private Tls() {
    }

    /** A server SSL context; {@code password} may be empty for PEM. Throws IOException with a sentence on a bad file. */
    public static SSLContext context(Path file, char[] password) throws IOException {
        try {
            KeyStore ks = isPem(file) ? fromPem(file) : fromPkcs12(file, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password == null || password.length == 0 ? new char[0] : password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            // a wrong PKCS#12 password arrives as an IOException from KeyStore.load
            throw new IOException("cannot use " + file + " for TLS: " + e.getMessage(), e);
        }
    }

    static boolean isPem(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".key")) return true;
        if (name.endsWith(".p12") || name.endsWith(".pfx")) return false;
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        }
        return new String(head, StandardCharsets.US_ASCII).contains("-----BEGIN");
    }

    private static KeyStore fromPkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }

    private static KeyStore fromPem(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2).strip());
            switch (m.group(1)) {
                case "CERTIFICATE" -> chain.add(cf.generateCertificate(new java.io.ByteArrayInputStream(der)));
                case "PRIVATE KEY" -> key = privateKey(der);
                case "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new GeneralSecurityException(
                        "the key must be an unencrypted PKCS#8 'PRIVATE KEY' (openssl pkcs8 -topk8 -nocrypt), or give a PKCS#12 file");
                default -> { }
            }
        }
        if (chain.isEmpty()) throw new GeneralSecurityException("no CERTIFICATE in the PEM file");
        if (key == null) throw new GeneralSecurityException("no PRIVATE KEY in the PEM file");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("gateway", key, new char[0], chain.toArray(new Certificate[0]));
        return ks;
    }

    private static PrivateKey privateKey(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[]{"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // the next algorithm
            }
        }
        throw new GeneralSecurityException("the PRIVATE KEY is neither RSA, EC nor Ed25519");
    }
}
