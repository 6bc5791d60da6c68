package dev.smtconsole.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.domain.rules.MetricSpec;
import dev.smtconsole.domain.rules.RuleConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the rules need to judge rows without the shared database (ADR 0032): the master data and rule settings
 * last read while it answered, kept in the local outbox at every start that reaches it. A console that starts
 * while the server is away judges with these and queues what it accepts.
 */
record OfflineSnapshot(List<LineInfo> lines, Set<String> operators, String jobPattern, String zone, LocalTime dayStart,
                       Duration futureSkew, List<MetricSpec> specs, String cfxWrapper, String gatewayOperator) {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static OfflineSnapshot of(MasterData master, RuleConfig rules, String cfxWrapper, String gatewayOperator) {
        return new OfflineSnapshot(master.lines(), master.operatorIds(), rules.jobPattern().pattern(),
                rules.calendar().zone().getId(), rules.calendar().dayStart(), rules.futureSkew(), rules.specs(), cfxWrapper,
                gatewayOperator);
    }

    MasterData master() {
        return new MasterData(lines, operators);
    }

    ProductionCalendar calendar() {
        return new ProductionCalendar(ZoneId.of(zone), dayStart);
    }

    RuleConfig rules() {
        return new RuleConfig(Pattern.compile(jobPattern), calendar(), futureSkew, specs);
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OfflineSnapshot parse(String json) {
        try {
            return JSON.readValue(json, OfflineSnapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
