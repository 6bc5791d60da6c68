package dev.smtconsole.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Which text encoding a file uses: a UTF-8 BOM says UTF-8; otherwise bytes that are valid UTF-8
 * are UTF-8 and anything else is GB18030 (what Chinese Excel writes). Only the head is looked at,
 * so detection costs the same on any file size.
 */
public final class TextEncoding {
    public static final Charset GB18030 = Charset.forName("GB18030");

    private TextEncoding() {
    }

    public record Detected(Charset charset, int bomLength) {
    }

    public static Detected detect(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            return new Detected(StandardCharsets.UTF_8, 3);
        }
        return new Detected(isUtf8(head) ? StandardCharsets.UTF_8 : GB18030, 0);
    }

    /** Valid UTF-8, allowing a multi-byte character cut off at the end of the sample. */
    static boolean isUtf8(byte[] head) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head);
        CharBuffer out = CharBuffer.allocate(head.length + 1);
        CoderResult r = dec.decode(in, out, false);
        return !r.isError();
    }

    /** Decodes a head sample for sniffing (header line, detection); bad bytes become U+FFFD. */
    public static String decodeHead(byte[] head) {
        Detected d = detect(head);
        try {
            return d.charset().newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(head, d.bomLength(), head.length - d.bomLength())).toString();
        } catch (CharacterCodingException e) {
            return "";
        }
    }
}
