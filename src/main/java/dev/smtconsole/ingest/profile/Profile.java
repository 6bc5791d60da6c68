package dev.smtconsole.ingest.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.text.MessageFormat;
import java.util.regex.Pattern;

/**
 * An import profile: how to read one vendor's delimited log as our fields. Stored as JSON (in the
 * database table import_profile, or in a file for --profile FILE); docs/FORMATS.md
 * documents every property with an example.
 *
 * @param name          unique name shown in the lists
 * @param description   free text; presets say "per public documentation"
 * @param builtIn       true for the presets shipped with the program (read-only)
 * @param encoding      UTF-8, GB18030, Shift_JIS or ISO-8859-1 (any Java charset name works)
 * @param delimiter     one character; "\t" or "TAB" for tab
 * @param preambleLines lines before the header (or before the data without a header)
 * @param header        whether the first line after the preamble names the columns (default true)
 * @param timeFormat    java.time pattern for time columns; null = ISO-8601
 * @param zone          zone for times without an offset; null = the factory zone
 * @param counters      DELTA (each row adds) or CUMULATIVE (running totals per machine)
 * @param source        AUTO (device log) or MANUAL (written by people: rules need an operator)
 * @param machine       where the machine comes from
 * @param columns       field → column: a header name, a 1-based position ("3" or "#3"), or a
 *                      sum/difference of columns ("pickups - rejects - dislodged")
 * @param constants     field → fixed value for fields the file does not have (LINE, JOB, …)
 * @param rowWhen       "column=value" / "column!=value": other rows are read and skipped
 * @param boardWhen     condition for a row to count its BOARDS (else 0; a row left with no count is skipped)
 * @param boardOncePer  columns whose distinct values (per machine) count one board, e.g. a panel id
 * @param unknownValues texts that mean "not known" in a count column (e.g. "-1"): such a row is rejected, not counted
 * @param detect        how auto-detection recognises files for this profile
 * @param xml           set for XML logs: which elements are records; column specs are then paths
 *                      relative to a record ({@code @producedBoards}, {@code Counts/@boards}, {@code Lot})
 * @param fileName      values taken from the file name by a pattern (machine, time, job …)
 * @param recordTypes   set for headerless positional text with one record type per line: the type
 *                      column and a field layout per type
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "description", "builtIn", "encoding", "delimiter", "preambleLines", "header", "timeFormat",
        "zone", "counters", "source", "machine", "xml", "recordTypes", "fileName", "columns", "constants", "rowWhen",
        "boardWhen", "boardOncePer", "unknownValues", "detect"})
public record Profile(String name, String description, boolean builtIn, String encoding, String delimiter,
                      int preambleLines, Boolean header, String timeFormat, String zone, Counters counters, Source source,
                      MachineFrom machine, Map<Field, String> columns, Map<Field, String> constants, String rowWhen,
                      String boardWhen, List<String> boardOncePer, List<String> unknownValues, Detect detect,
                      Xml xml, FileName fileName, RecordTypes recordTypes) {

    /** A delimited-text profile (no XML, no values from the file name, one layout for every line). */
    public Profile(String name, String description, boolean builtIn, String encoding, String delimiter,
                   int preambleLines, Boolean header, String timeFormat, String zone, Counters counters, Source source,
                   MachineFrom machine, Map<Field, String> columns, Map<Field, String> constants, String rowWhen,
                   String boardWhen, List<String> boardOncePer, List<String> unknownValues, Detect detect) {
        this(name, description, builtIn, encoding, delimiter, preambleLines, header, timeFormat, zone, counters, source, machine,
                columns, constants, rowWhen, boardWhen, boardOncePer, unknownValues, detect, null, null, null);
    }

    /**
     * An XML log: {@code records} is an XPath naming the record elements from the document
     * ({@code /LotLog/Lot}, {@code //Lot}); one file may hold one record or many.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Xml(String records) {
    }

    /**
     * Values from the file name: group {@code n} of {@code pattern} (a regular expression, found
     * anywhere in the name) gives the field. {@code MACHINE} from the file name is the machine of
     * every row; others are read like a column (times with the profile's time format).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record FileName(String pattern, Map<Field, Integer> fields) {
        public FileName {
            Map<Field, Integer> m = new EnumMap<>(Field.class);
            if (fields != null) fields.forEach((k, v) -> {
                if (k != null && v != null) m.put(k, v);
            });
            fields = java.util.Collections.unmodifiableMap(m);
        }
    }

    /**
     * Headerless text with one record type per line: the cell at {@code column} (a position such
     * as {@code #1}) chooses the layout; lines of other types are read and skipped.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RecordTypes(String column, Map<String, Layout> layouts) {
        public RecordTypes {
            Map<String, Layout> m = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (layouts != null) layouts.forEach((k, v) -> {
                if (k != null && v != null) m.put(k.strip(), v);
            });
            layouts = java.util.Collections.unmodifiableMap(m);
        }

        public Layout layout(String type) {
            return type == null ? null : layouts.get(type.strip());
        }
    }

    /**
     * The fields of one record type. {@code columns} and {@code constants} add to (and override)
     * the profile's own; {@code boardWhen} replaces the profile's. A layout that {@code starts}
     * counts nothing: its time is remembered as the start of the work named by {@code startKey}
     * (columns, e.g. machine, lane, panel); a counting layout with the same {@code startKey} takes
     * its start time from there.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Layout(Map<Field, String> columns, Map<Field, String> constants, String boardWhen, Boolean starts,
                         List<String> startKey) {
        public Layout {
            columns = columns == null ? Map.of() : immutable(columns);
            constants = constants == null ? Map.of() : immutable(constants);
            startKey = startKey == null ? List.of() : List.copyOf(startKey);
        }

        @JsonIgnore
        public boolean isStart() {
            return starts != null && starts;
        }
    }

    public enum Counters { DELTA, CUMULATIVE }

    public enum MachineSource { COLUMN, FILE_NAME, PREAMBLE, CONSTANT }

    /**
     * @param from    COLUMN (value = column spec), FILE_NAME / PREAMBLE (pattern, group 1 is the
     *                machine code or alias), CONSTANT (value = machine code or alias)
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record MachineFrom(MachineSource from, String column, String pattern, String value) {
    }

    /**
     * @param preambleContains text the preamble must contain
     * @param headers          header names that must all be present
     * @param absentHeaders    header names that must not be present (tells PcbLog from LotLog)
     * @param firstCellEquals  the first cell of the first data row (e.g. PCBCHECKOUT)
     * @param xmlRoot          XML logs: the name of the document's root element
     * @param typedLines       record-type profiles: how many of the first 20 lines must be of a known type
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Detect(String preambleContains, List<String> headers, List<String> absentHeaders, String firstCellEquals,
                         String xmlRoot, Integer typedLines) {
        public Detect {
            headers = headers == null ? List.of() : List.copyOf(headers);
            absentHeaders = absentHeaders == null ? List.of() : List.copyOf(absentHeaders);
        }

        public Detect(String preambleContains, List<String> headers, List<String> absentHeaders, String firstCellEquals) {
            this(preambleContains, headers, absentHeaders, firstCellEquals, null, null);
        }
    }

    public Profile {
        encoding = encoding == null || encoding.isBlank() ? "UTF-8" : encoding.strip();
        delimiter = delimiter == null || delimiter.isEmpty() ? "," : delimiter;
        counters = counters == null ? Counters.DELTA : counters;
        header = header == null || header;
        source = source == null ? Source.AUTO : source;
        columns = columns == null ? Map.of() : immutable(columns);
        constants = constants == null ? Map.of() : immutable(constants);
        boardOncePer = boardOncePer == null ? List.of() : List.copyOf(boardOncePer);
        unknownValues = unknownValues == null ? List.of() : List.copyOf(unknownValues);
    }

    private static Map<Field, String> immutable(Map<Field, String> m) {
        Map<Field, String> copy = new EnumMap<>(Field.class);
        m.forEach((k, v) -> {
            if (k != null && v != null && !v.isBlank()) copy.put(k, v.strip());
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** The delimiter as one character ("TAB", "\t" and "\\t" all mean tab). */
    @JsonIgnore
    public char delimiterChar() {
        String d = delimiter;
        if (d.equalsIgnoreCase("TAB") || d.equals("\\t")) return '\t';
        return d.charAt(0);
    }

    @JsonIgnore
    public Charset charset() {
        return Charset.forName(encoding);
    }

    @JsonIgnore
    public ZoneId zoneOr(ZoneId fallback) {
        return zone == null || zone.isBlank() ? fallback : ZoneId.of(zone);
    }

    /** What is wrong with this profile, one English sentence each; empty when it can be used. */
    public List<String> problems() {
        return problems(Locale.ENGLISH);
    }

    /** What is wrong, in the reader's language (bundle i18n/formats, keys formats.profile.*). */
    public List<String> problems(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle("i18n/formats",
                locale != null && locale.getLanguage().equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return problemCodes().stream().map(c -> new MessageFormat(bundle.getString((String) c[0]),
                locale == null ? Locale.ENGLISH : locale).format(java.util.Arrays.copyOfRange(c, 1, c.length))).toList();
    }

    /**
     * What is wrong as [bundle key, arguments…] (keys formats.profile.*, arguments from {0}), so a
     * parser can hand the reasons on without choosing a language.
     */
    public List<Object[]> problemCodes() {
        List<Object[]> p = new ArrayList<>();
        java.util.function.BiConsumer<String, Object[]> add = (key, args) -> {
            Object[] code = new Object[args.length + 1];
            code[0] = "formats.profile." + key;
            System.arraycopy(args, 0, code, 1, args.length);
            p.add(code);
        };
        if (name == null || name.isBlank()) add.accept("noName", new Object[0]);
        try {
            Charset.forName(encoding);
        } catch (RuntimeException e) {
            add.accept("encoding", new Object[]{encoding});
        }
        if (delimiter.length() != 1 && !delimiter.equalsIgnoreCase("TAB") && !delimiter.equals("\\t")) {
            add.accept("delimiter", new Object[]{delimiter});
        }
        if (preambleLines < 0) add.accept("preamble", new Object[]{String.valueOf(preambleLines)});
        if (timeFormat != null && !timeFormat.isBlank()) {
            try {
                DateTimeFormatter.ofPattern(timeFormat);
            } catch (IllegalArgumentException e) {
                add.accept("timeFormat", new Object[]{timeFormat, e.getMessage()});
            }
        }
        if (zone != null && !zone.isBlank()) {
            try {
                ZoneId.of(zone);
            } catch (RuntimeException e) {
                add.accept("zone", new Object[]{zone});
            }
        }
        if (!hasEventTime()) add.accept("noEventTime", new Object[0]);
        structureProblems(add);
        if (machine != null && machine.from() != null) {
            switch (machine.from()) {
                case COLUMN -> {
                    if (blank(machine.column())) add.accept("machineColumn", new Object[0]);
                }
                case FILE_NAME, PREAMBLE -> {
                    if (blank(machine.pattern())) add.accept("machinePattern", new Object[]{machine.from().name()});
                    else {
                        try {
                            if (Pattern.compile(machine.pattern()).matcher("").groupCount() < 1) {
                                add.accept("machineGroup", new Object[]{machine.pattern()});
                            }
                        } catch (RuntimeException e) {
                            add.accept("machineRegex", new Object[]{machine.pattern()});
                        }
                    }
                }
                case CONSTANT -> {
                    if (blank(machine.value())) add.accept("machineConstant", new Object[0]);
                }
            }
        }
        for (String cond : new String[]{rowWhen, boardWhen}) {
            if (!blank(cond) && Condition.parse(cond) == null) add.accept("condition", new Object[]{cond});
        }
        if (!header && xml == null) {
            java.util.function.BiConsumer<Field, String> byPosition = (f, spec) -> {
                for (String ref : ColumnSpec.references(spec)) {
                    if (ColumnSpec.position(ref) < 0) add.accept("byNameWithoutHeader", new Object[]{f.name(), ref});
                }
            };
            columns.forEach(byPosition);
            if (recordTypes != null) recordTypes.layouts().values().forEach(l -> l.columns().forEach(byPosition));
        }
        return p;
    }

    /** A time for every counting row: mapped, constant, from the file name, or in every counting layout. */
    private boolean hasEventTime() {
        if (columns.containsKey(Field.EVENT_TIME) || constants.containsKey(Field.EVENT_TIME)) return true;
        if (fileName != null && fileName.fields().containsKey(Field.EVENT_TIME)) return true;
        return recordTypes != null && !recordTypes.layouts().isEmpty() && recordTypes.layouts().values().stream()
                .allMatch(l -> l.columns().containsKey(Field.EVENT_TIME) || l.constants().containsKey(Field.EVENT_TIME));
    }

    /** XML paths, file-name pattern and record types that cannot work. */
    private void structureProblems(java.util.function.BiConsumer<String, Object[]> add) {
        if (xml != null) {
            if (blank(xml.records())) add.accept("xmlRecords", new Object[0]);
            else if (XmlPaths.problem(xml.records()) != null) add.accept("xmlPath", new Object[]{"records", xml.records(), XmlPaths.problem(xml.records())});
            columns.forEach((f, spec) -> {
                for (String ref : ColumnSpec.references(spec)) {
                    String why = XmlPaths.problem(ref);
                    if (why != null) add.accept("xmlPath", new Object[]{f.name(), ref, why});
                }
            });
            if (recordTypes != null) add.accept("xmlAndTypes", new Object[0]);
        }
        if (fileName != null) {
            try {
                int groups = Pattern.compile(blank(fileName.pattern()) ? "" : fileName.pattern()).matcher("").groupCount();
                if (blank(fileName.pattern())) add.accept("fileNamePattern", new Object[0]);
                fileName.fields().forEach((f, g) -> {
                    if (g < 1 || g > groups) add.accept("fileNameGroup", new Object[]{f.name(), g, fileName.pattern()});
                });
            } catch (RuntimeException e) {
                add.accept("fileNameRegex", new Object[]{fileName.pattern()});
            }
        }
        if (recordTypes != null) {
            if (blank(recordTypes.column()) || ColumnSpec.position(recordTypes.column()) < 0 && header == Boolean.FALSE) {
                add.accept("typeColumn", new Object[]{String.valueOf(recordTypes.column())});
            }
            if (recordTypes.layouts().isEmpty()) add.accept("noLayouts", new Object[0]);
            recordTypes.layouts().forEach((type, l) -> {
                if (!blank(l.boardWhen()) && Condition.parse(l.boardWhen()) == null) add.accept("condition", new Object[]{l.boardWhen()});
                if (l.isStart() && l.startKey().isEmpty()) add.accept("startWithoutKey", new Object[]{type});
            });
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A copy with other constants (e.g. the job for ASM OIS exports, which do not say it). */
    public Profile withConstants(Map<Field, String> more) {
        Map<Field, String> c = new EnumMap<>(Field.class);
        c.putAll(constants);
        c.putAll(more);
        return new Profile(name, description, builtIn, encoding, delimiter, preambleLines, header, timeFormat, zone, counters,
                source, machine, columns, c, rowWhen, boardWhen, boardOncePer, unknownValues, detect, xml, fileName, recordTypes);
    }

    public Profile withName(String newName, boolean isBuiltIn) {
        return new Profile(newName, description, isBuiltIn, encoding, delimiter, preambleLines, header, timeFormat, zone, counters,
                source, machine, columns, constants, rowWhen, boardWhen, boardOncePer, unknownValues, detect, xml, fileName, recordTypes);
    }

    /**
     * This profile with the XML source, file-name values and record types of {@code other} (what
     * the profile editor does not edit, so a copy it saves keeps them).
     */
    public Profile withStructureOf(Profile other) {
        if (other == null) return this;
        return new Profile(name, description, builtIn, encoding, delimiter, preambleLines, header, timeFormat, zone, counters,
                source, machine, columns, constants, rowWhen, boardWhen, boardOncePer, unknownValues, detect, other.xml(),
                other.fileName(), other.recordTypes());
    }

    // ---------- JSON ----------

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("profile not writable as JSON", e);
        }
    }

    /** Reads a profile; a {@link ProfileException} names what is wrong in the text. */
    public static Profile fromJson(String json) {
        try {
            Profile p = JSON.readValue(json, Profile.class);
            if (p == null) throw new ProfileException("the profile file is empty");
            return p;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ProfileException("the profile is not valid JSON" + (loc == null ? "" : " (line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr() + ")") + ": " + e.getOriginalMessage());
        }
    }

    /** Field names accepted in "columns" and "constants", for the editor. */
    public static Map<String, Field> fieldsByName() {
        Map<String, Field> m = new LinkedHashMap<>();
        for (Field f : Field.values()) m.put(f.name().toLowerCase(Locale.ROOT), f);
        return m;
    }
}
