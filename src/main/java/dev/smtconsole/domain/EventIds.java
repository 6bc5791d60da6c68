package dev.smtconsole.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic event ids for rows that carry none (DESIGN §5, rule 7): a hash of the row's own
 * fields as written — never defaults such as the importing operator or the file name — plus the
 * occurrence number of that identical content within the file.
 */
public final class EventIds {
    private EventIds() {
    }

    /**
     * @param format     the format's name, so the same text in two formats does not collide
     * @param fields     the source row's field values as written, in a fixed order
     * @param occurrence 1 for the first row with this content in the file, 2 for the second …
     */
    public static String derive(String format, List<String> fields, int occurrence) {
        MessageDigest sha = sha256();
        sha.update(format.getBytes(StandardCharsets.UTF_8));
        for (String f : fields) {
            sha.update((byte) 0x1f);
            sha.update((f == null ? "" : f.strip()).getBytes(StandardCharsets.UTF_8));
        }
        byte[] digest = sha.digest();
        return "h:" + HexFormat.of().formatHex(digest, 0, 16) + "#" + occurrence;
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
