package dev.smtconsole.app;

import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.store.SettingsRepository;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The factory calendar (time zone and day start) as the database holds it: one shared, audited
 * setting that every door and every read uses, so a report never depends on the OS zone of the
 * console that prints it. The first console to open a new database settles it to its own zone
 * and midnight ({@link #settle}); after that only an explicit, audited change moves it.
 */
public final class FactoryCalendarService {
    public static final String ZONE_KEY = "factory.zone";
    public static final String DAY_START_KEY = "factory.day-start";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FactoryCalendarService.class);

    private final SettingsRepository settings;
    private final ZoneId fallbackZone;
    private final AtomicReference<ProductionCalendar> cache = new AtomicReference<>();

    /** @param fallbackZone this console's zone: used until the database holds one */
    public FactoryCalendarService(SettingsRepository settings, ZoneId fallbackZone) {
        this.settings = settings;
        this.fallbackZone = fallbackZone;
    }

    /** The calendar as stored now (one small read); also refreshes {@link #cached()}. */
    public ProductionCalendar current() {
        Map<String, String> stored = settings.all("factory.");
        ZoneId zone = ProductionCalendar.parseZone(stored.get(ZONE_KEY)).orElse(fallbackZone);
        LocalTime start = ProductionCalendar.parseDayStart(stored.get(DAY_START_KEY))
                .filter(ProductionCalendar::isValidDayStart).orElse(LocalTime.MIDNIGHT);
        ProductionCalendar c = new ProductionCalendar(zone, start);
        cache.set(c);
        return c;
    }

    /** The calendar last known (the outbox's snapshot, ADR 0032) for a console started while the server is away. */
    void assume(ProductionCalendar last) {
        cache.compareAndSet(null, last);
    }

    /** The calendar last read, without touching the database (for the GUI thread); reads once if never read. */
    public ProductionCalendar cached() {
        ProductionCalendar c = cache.get();
        return c != null ? c : current();
    }

    /**
     * Stores this console's zone and a midnight day start where the database holds none yet, so
     * every console that opens it later agrees. Returns whether anything was stored.
     */
    public boolean settle() {
        Map<String, String> stored = settings.all("factory.");
        Map<String, String> values = new LinkedHashMap<>();
        if (stored.get(ZONE_KEY) == null) values.put(ZONE_KEY, fallbackZone.getId());
        if (stored.get(DAY_START_KEY) == null) values.put(DAY_START_KEY, "00:00");
        int n = 0;
        if (!values.isEmpty()) {
            try {
                n = settings.putIfAbsent(values, null, "first console to open this database");
            } catch (RuntimeException e) {
                // A console without write rights still works on the calendar it can read.
                log.warn("Could not store the factory calendar ({}); using {} until it is set", e.getMessage(), fallbackZone);
            }
        }
        current();
        return n > 0;
    }

    /** Validates a zone as typed ("Asia/Shanghai", "+05:30"). */
    public static ZoneId parseZone(String text) {
        if (text == null || text.isBlank()) throw new LocalizedException("settings.error.zoneRequired");
        return ProductionCalendar.parseZone(text)
                .orElseThrow(() -> new LocalizedException("settings.error.zone", text.strip()));
    }

    /** Validates a day start as typed ("06:00", "6:30"): a time of day on a quarter hour. */
    public static LocalTime parseDayStart(String text) {
        if (text == null || text.isBlank()) throw new LocalizedException("settings.error.dayStartRequired");
        LocalTime t = ProductionCalendar.parseDayStart(text)
                .orElseThrow(() -> new LocalizedException("settings.error.dayStart", text.strip()));
        if (!ProductionCalendar.isValidDayStart(t)) throw new LocalizedException("settings.error.dayStartQuarter", text.strip());
        return t;
    }

    /** Changes the calendar (audited, shared); returns the number of values that changed. */
    public int set(ZoneId zone, LocalTime dayStart, String operatorId, String reason) {
        ProductionCalendar wanted = new ProductionCalendar(zone, dayStart);
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ZONE_KEY, wanted.zone().getId());
        values.put(DAY_START_KEY, wanted.dayStartText());
        int n = settings.put(values, operatorId, reason);
        current();
        return n;
    }
}
