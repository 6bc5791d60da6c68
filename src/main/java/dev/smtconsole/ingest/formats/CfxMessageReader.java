package dev.smtconsole.ingest.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.SourceRow;

/**
 * IPC-CFX envelopes one message at a time, as a broker delivers them (issue 15): the same
 * {@link CfxInterpreter} as a file's, kept for the life of the subscription, so a
 * {@code WorkCompleted} finds the {@code WorkStarted} of its transaction that came minutes before.
 * Not thread-safe: one reader per subscription, fed in delivery order.
 */
public final class CfxMessageReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CfxInterpreter interpreter;
    private long messageNo;

    public CfxMessageReader(ParseContext context, CfxWrapper wrapper) {
        this.interpreter = new CfxInterpreter(context, wrapper, MAPPER);
    }

    /** The message as a row (a count, a skipped message with its note, or a broken one with its reason). */
    public SourceRow read(String text) {
        long n = ++messageNo;
        String body = text == null ? "" : text.strip();
        if (body.startsWith("\uFEFF")) body = body.substring(1);
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return SourceRow.broken(n, body, Source.AUTO, ParseProblem.encode("formats.cfx.lineInvalid", n, e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            return SourceRow.broken(n, body, Source.AUTO, ParseProblem.encode("formats.cfx.lineNotObject", n));
        }
        return interpreter.interpret(n, node, body);
    }

    /** The envelope's {@code UniqueID} (any case), or null: a message's own id for its integration message. */
    public static String uniqueId(String text) {
        try {
            JsonNode node = MAPPER.readTree(text == null ? "" : text.strip());
            if (node == null || !node.isObject()) return null;
            CfxWrapper.Found found = CfxWrapper.AUTO.find(node, MAPPER);
            JsonNode envelope = found.envelope() != null ? found.envelope() : node;
            return CfxInterpreter.text(CfxInterpreter.prop(envelope, "UniqueID"));
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
