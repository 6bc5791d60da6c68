package dev.smtconsole.app;

import java.net.URI;
import java.util.Locale;

/**
 * A live-feed source's settings (issue 15), shared by every console through the database: a CFX
 * subscription on an AMQP 1.0 broker, or a watched folder. Passwords are never part of them: a
 * CFX source names the environment variable that holds its password, as the database connection
 * does ({@code --db-password-env}).
 */
public sealed interface SourceSettings permits SourceSettings.Cfx, SourceSettings.Folder {

    /** {@code cfx} or {@code folder}: the stored kind. */
    String kind();

    /** The operator of record of what the source writes. */
    String operatorId();

    /**
     * A CFX subscription.
     *
     * @param url         {@code amqp://HOST[:PORT]} or {@code amqps://HOST[:PORT]} (TLS)
     * @param address     the queue or address to read, e.g. {@code /queue/cfx} (RabbitMQ) or {@code cfx.line1} (Artemis)
     * @param user        the broker user, or null for anonymous
     * @param passwordEnv the environment variable holding the password, or null
     * @param credit      deliveries the broker may send ahead of the ones being written (prefetch)
     */
    record Cfx(String url, String address, String user, String passwordEnv, String operatorId, int credit)
            implements SourceSettings {
        public static final int DEFAULT_CREDIT = 1000;

        public Cfx {
            if (credit <= 0) credit = DEFAULT_CREDIT;
        }

        @Override
        public String kind() {
            return "cfx";
        }

        public boolean tls() {
            return url != null && url.strip().toLowerCase(Locale.ROOT).startsWith("amqps:");
        }

        public String host() {
            return URI.create(url.strip()).getHost();
        }

        public int port() {
            int p = URI.create(url.strip()).getPort();
            return p > 0 ? p : tls() ? 5671 : 5672;
        }
    }

    /**
     * A watched folder.
     *
     * @param path          the folder (a network share works: it is polled)
     * @param line          the line of rows that name none, or null for "from the file"
     * @param format        a format name, or null/"auto"
     * @param profile       an import profile (name or file), or null
     * @param stableSeconds a file is complete when it has been quiet this long; 0 = automatic
     *                      ({@link #stableSeconds(boolean)})
     * @param pollSeconds   how often the folder is listed
     */
    record Folder(String path, String line, String format, String profile, String operatorId, int stableSeconds,
                  int pollSeconds) implements SourceSettings {
        /** The stable time chosen by the folder's kind: {@link #LOCAL_STABLE_SECONDS} or {@link #SHARE_STABLE_SECONDS}. */
        public static final int AUTOMATIC_STABLE_SECONDS = 0;
        /**
         * On a local disk a file's quiet time is counted from its modification time, stamped by
         * this computer's clock on every write: a second without a write is enough.
         */
        public static final int LOCAL_STABLE_SECONDS = 1;
        /** On a share it is counted from this console's looks, and a share's attributes are cached for seconds. */
        public static final int SHARE_STABLE_SECONDS = 5;
        public static final int DEFAULT_POLL_SECONDS = 2;

        public Folder {
            if (stableSeconds < 0) stableSeconds = AUTOMATIC_STABLE_SECONDS;
            if (pollSeconds <= 0) pollSeconds = DEFAULT_POLL_SECONDS;
        }

        /** The stable time in force for a folder on a network share or not. */
        public int stableSeconds(boolean networkShare) {
            if (stableSeconds > 0) return stableSeconds;
            return networkShare ? SHARE_STABLE_SECONDS : LOCAL_STABLE_SECONDS;
        }

        @Override
        public String kind() {
            return "folder";
        }
    }
}
