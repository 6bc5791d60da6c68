package dev.smtconsole.app;

import dev.smtconsole.ingest.profile.Presets;
import dev.smtconsole.ingest.profile.Profile;
import dev.smtconsole.ingest.profile.ProfileException;
import dev.smtconsole.store.ProfileRepository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Import profiles: the built-in presets (read-only) plus those saved in the database, exported to
 * and imported from JSON files (docs/FORMATS.md), and resolved for --profile NAME|FILE.
 */
public final class ProfileService {
    private final ProfileRepository repository;
    private final Clock clock;

    public ProfileService(ProfileRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Presets first, then saved profiles by name. A saved profile that no longer parses is left out. */
    public List<Profile> list() {
        List<Profile> all = new ArrayList<>(Presets.all());
        for (ProfileRepository.Stored s : repository.list()) {
            try {
                all.add(Profile.fromJson(s.definition()).withName(s.name(), false));
            } catch (ProfileException e) {
                // Left out of the list; export/delete by name still work.
            }
        }
        return all;
    }

    /** A saved profile or a preset (by name or short id such as yamaha-lotlog), ignoring case. */
    public Optional<Profile> find(String name) {
        if (name == null || name.isBlank()) return Optional.empty();
        Optional<Profile> preset = Presets.find(name);
        if (preset.isPresent()) return preset;
        return repository.find(name).map(s -> parse(s.definition(), "saved profile '" + s.name() + "'").withName(s.name(), false));
    }

    /**
     * For --profile NAME|FILE: an existing file is read as a profile; otherwise the name is looked
     * up. The profile must be usable (no problems), or the sentence says what to fix.
     */
    public Profile resolve(String nameOrFile) {
        return resolve(nameOrFile, java.util.Map.of());
    }

    /**
     * As {@link #resolve(String)}, with values given for this import only ({@code --set FIELD=VALUE})
     * set as the profile's constants before it is checked: a preset that lacks a time or a job
     * becomes usable with them.
     */
    public Profile resolve(String nameOrFile, java.util.Map<dev.smtconsole.ingest.Field, String> set) {
        if (nameOrFile == null || nameOrFile.isBlank()) throw new LocalizedException("profile.error.none");
        Path file = Path.of(nameOrFile.strip());
        Profile p;
        if (Files.isRegularFile(file)) {
            p = read(file);
        } else {
            p = find(nameOrFile).orElseThrow(() -> new LocalizedException("profile.error.unknown", nameOrFile,
                    String.join(", ", list().stream().map(Profile::name).toList())));
        }
        if (set != null && !set.isEmpty()) p = p.withConstants(set);
        List<String> problems = p.problems();
        if (!problems.isEmpty()) {
            throw new ProfileProblems("profile.error.unusable", p);
        }
        return p;
    }

    /** Saves (creates or replaces) a profile; preset names are reserved. */
    public void save(Profile profile) {
        if (profile.name() == null || profile.name().isBlank()) throw new LocalizedException("profile.error.noName");
        if (Presets.find(profile.name()).isPresent()) throw new LocalizedException("profile.error.presetName", profile.name());
        Profile toSave = profile.withName(profile.name().strip(), false);
        repository.save(toSave.name(), toSave.toJson(), clock.instant());
    }

    public boolean delete(String name) {
        if (Presets.find(name).isPresent()) throw new LocalizedException("profile.error.presetDelete", name);
        return repository.delete(name);
    }

    public void exportTo(String name, Path file) {
        Profile p = find(name).orElseThrow(() -> new LocalizedException("profile.error.noExport", name));
        try {
            Files.writeString(file, p.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalizedException("profile.error.write", file, e.getMessage());
        }
    }

    /** Reads a profile file and saves it under its own name. */
    public Profile importFrom(Path file) {
        Profile p = read(file);
        save(p);
        return find(p.name()).orElseThrow();
    }

    public static Profile read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalizedException("profile.error.read", file, e.getMessage());
        }
        return parse(json, file.getFileName().toString());
    }

    private static Profile parse(String json, String what) {
        try {
            return Profile.fromJson(json);
        } catch (ProfileException e) {
            throw new LocalizedException("profile.error.parse", what, e.getMessage());
        }
    }

    /** A profile that cannot be used: its problems read in the reader's language. */
    public static final class ProfileProblems extends LocalizedException {
        private final transient Profile profile;

        ProfileProblems(String key, Profile profile) {
            super(key, profile.name(), String.join("; ", profile.problems(java.util.Locale.ENGLISH)));
            this.profile = profile;
        }

        @Override
        public String message(java.util.Locale locale) {
            return text(locale, key(), profile.name(), String.join("; ", profile.problems(locale)));
        }
    }
}
