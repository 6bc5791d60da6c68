package dev.smtconsole.ingest.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Built-in profiles for the layouts in DEVICE-FORMATS.md, read from /profiles/*.json. They follow
 * public documentation, not real vendor captures; their descriptions say so.
 */
public final class Presets {
    /** Resource names, also accepted as short names by --profile (e.g. yamaha-lotlog). */
    public static final List<String> IDS = List.of("yamaha-pcblog", "yamaha-lotlog", "yamaha-lotlog-xml", "fuji-pcbcheckout",
            "fuji-host-events", "asm-ois-board", "asm-ois-compdetail");
    private static volatile List<Profile> all;

    private Presets() {
    }

    public static List<Profile> all() {
        List<Profile> a = all;
        if (a == null) {
            List<Profile> loaded = new ArrayList<>();
            for (String id : IDS) loaded.add(load(id));
            all = a = List.copyOf(loaded);
        }
        return a;
    }

    private static Profile load(String id) {
        try (InputStream in = Presets.class.getResourceAsStream("/profiles/" + id + ".json")) {
            if (in == null) throw new IllegalStateException("preset " + id + " missing from the program");
            Profile p = Profile.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return p.withName(p.name(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A preset by its name or short id, ignoring case. */
    public static Optional<Profile> find(String nameOrId) {
        if (nameOrId == null) return Optional.empty();
        String k = nameOrId.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < IDS.size(); i++) {
            Profile p = all().get(i);
            if (IDS.get(i).equals(k) || p.name().toLowerCase(Locale.ROOT).equals(k)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The preset that recognises the file best, if any does. */
    public static Optional<Profile> best(byte[] head) {
        return all().stream().filter(p -> ProfileDetector.score(p, head) > 0)
                .max(Comparator.comparingInt(p -> ProfileDetector.score(p, head)));
    }

    /** The short id of a preset (yamaha-lotlog …), or empty for a profile that is not one. */
    public static Optional<String> idOf(Profile p) {
        if (p == null || !p.builtIn()) return Optional.empty();
        for (int i = 0; i < IDS.size(); i++) if (all().get(i).name().equals(p.name())) return Optional.of(IDS.get(i));
        return Optional.empty();
    }

    public static int score(Profile p, byte[] head) {
        return ProfileDetector.score(p, head);
    }
}
