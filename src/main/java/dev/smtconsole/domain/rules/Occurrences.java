package dev.smtconsole.domain.rules;

import dev.smtconsole.domain.EventIds;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts identical id-less rows within one file, so the n-th identical row gets occurrence n
 * (DESIGN §5 rule 7). Keeps 64 bits of a content hash per distinct row, not the rows: a million
 * distinct rows cost tens of megabytes, not the file.
 */
public final class Occurrences {
    /** The occurrence number and the first row with the same content. */
    public record Seen(int occurrence, long firstRow) {
    }

    private final Map<Long, long[]> seen = new HashMap<>();

    public Seen next(List<String> contentFields, long rowNo) {
        MessageDigest sha = EventIds.sha256();
        for (String f : contentFields) {
            sha.update((byte) 0x1f);
            sha.update((f == null ? "" : f.strip()).getBytes(StandardCharsets.UTF_8));
        }
        long key = ByteBuffer.wrap(sha.digest()).getLong();
        long[] state = seen.computeIfAbsent(key, k -> new long[]{0, rowNo});
        state[0]++;
        return new Seen((int) state[0], state[1]);
    }
}
