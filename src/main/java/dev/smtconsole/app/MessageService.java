package dev.smtconsole.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtconsole.domain.IntegrationMessageRow;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.store.IntegrationMessages;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Every kept integration message (录入 → Messages): browse by status, machine and production
 * days; retry a FAILED gateway post after master data was fixed (issue 14).
 */
public final class MessageService {
    /** Messages one list shows at most (newest first). */
    public static final int MAX_ROWS = 1000;
    public static final List<String> STATUSES = List.of("SUCCESS", "PARTIAL", "DUPLICATE", "FAILED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntegrationMessages messages;
    private final GatewayService gateway;
    private final FactoryCalendarService calendars;

    public MessageService(IntegrationMessages messages, GatewayService gateway, FactoryCalendarService calendars) {
        this.messages = messages;
        this.gateway = gateway;
        this.calendars = calendars;
    }

    /** Messages of the production days {@code from}..{@code to}, newest first; status / machine null = any. */
    public List<IntegrationMessageRow> list(String status, String machine, LocalDate from, LocalDate to) {
        if (from == null || to == null) throw new ReportException("report.error.periodRequired");
        if (to.isBefore(from)) throw new ReportException("report.error.periodOrder", from, to);
        ProductionCalendar cal = calendars.current();
        String s = status == null || status.isBlank() ? null : status.strip().toUpperCase(Locale.ROOT);
        String m = machine == null || machine.isBlank() ? null : machine.strip();
        return messages.list(s, m, cal.startOf(from), cal.endOf(to), MAX_ROWS);
    }

    /** Whether a message can be sent through the rules again: a FAILED gateway post not retried yet. */
    public static boolean retriable(IntegrationMessageRow m) {
        return m != null && GatewayService.CHANNEL.equals(m.channel()) && "FAILED".equals(m.status()) && m.retriedAs() == null
                && m.payload() != null;
    }

    /** The payload for reading: JSON indented, anything else as stored. */
    public static String readable(String payload) {
        if (payload == null) return "";
        String t = payload.strip();
        if (!(t.startsWith("{") || t.startsWith("["))) return payload;
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(t));
        } catch (JsonProcessingException e) {
            return payload;
        }
    }

    /**
     * Sends a FAILED gateway post through the rules again (master data may have been fixed since).
     * Stored: the message is linked to the one that stored it (also when the device's own resend
     * got there first: the answer is then a duplicate naming that message). Refused again: the
     * message keeps its place with the new reasons, and the refusal is thrown.
     */
    public GatewayService.Answer retry(long messageId) {
        IntegrationMessageRow m = messages.get(messageId)
                .orElseThrow(() -> new LocalizedException("gateway.messages.error.none", String.valueOf(messageId)));
        if (!retriable(m)) throw new LocalizedException("gateway.messages.error.notRetriable", String.valueOf(messageId), m.channel(), m.status());
        JsonNode node;
        try {
            node = JSON.readTree(m.payload());
        } catch (JsonProcessingException e) {
            throw new LocalizedException("gateway.error.malformed", e.getOriginalMessage());
        }
        DevicePayload.Problem p = new DevicePayload.Problem();
        GatewayService.DevicePost post = DevicePayload.parse(node, p);
        if (p.key() != null) throw new LocalizedException(p.key(), p.args());
        try {
            GatewayService.Answer a = gateway.post(post, false);
            messages.markRetried(messageId, a.id());
            return a;
        } catch (GatewayService.Refused r) {
            messages.updateError(messageId, r.stored());
            throw r;
        }
    }
}
