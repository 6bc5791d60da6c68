#!/usr/bin/env bash
# Builds SMT Console's self-contained app image (a jlink runtime + our jars + a native launcher)
# and, where the tools exist, the OS package: .deb on Linux, .msi on Windows (WiX), .dmg on macOS.
# Input: target/smt-console.jar and target/lib/ from `./mvnw package`. Output: target/installer/.
#
#   installer/build.sh [--type app-image|package|all] [--version X.Y.Z] [--no-aot]
#
# --type app-image  only the app image (what CI smoke-tests)
# --type package    the app image and the OS package (default; the Maven -Pinstaller profile)
# Environment: JPACKAGE_JDK = a JDK with jlink+jpackage (default: JAVA_HOME if it has them, else
# the newest one under /usr/lib/jvm). The JDK that runs jlink is the Java the app ships with.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/installer
TARGET=$ROOT/target
OUT=$TARGET/installer
NAME=smt-console
TYPE=package
VERSION=
AOT=1

while [ $# -gt 0 ]; do
  case "$1" in
    --type) TYPE=$2; shift 2 ;;
    --version) VERSION=$2; shift 2 ;;
    --no-aot) AOT=0; shift ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { echo "installer: $*" >&2; }

# --- tools -------------------------------------------------------------------------------------
has_tools() { [ -x "$1/bin/jlink" ] && [ -x "$1/bin/jpackage" ] && [ -x "$1/bin/jdeps" ]; }
java_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
JDK=${JPACKAGE_JDK:-}
if [ -z "$JDK" ] && [ -n "${JAVA_HOME:-}" ] && has_tools "$JAVA_HOME" && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
  JDK=$JAVA_HOME
fi
if [ -z "$JDK" ]; then
  # the newest JDK >= 21 with jpackage (the code is compiled for 21, so the runtime must be >= 21)
  best=0
  for d in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    has_tools "$d" || continue
    v=$(java_major "$d")
    case "$v" in ''|*[!0-9]*) continue ;; esac
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best" ]; then JDK=$d; best=$v; fi
  done
fi
[ -n "$JDK" ] && has_tools "$JDK" || { log "no JDK with jlink, jdeps and jpackage found; set JPACKAGE_JDK"; exit 1; }
log "JDK $JDK"

# --- version: the pom's, without -SNAPSHOT (jpackage wants 1 to 3 numbers) --------------------------
if [ -z "$VERSION" ]; then
  VERSION=$(sed -n '/<artifactId>smt-console<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' "$ROOT/pom.xml")
fi
VERSION=${VERSION%-SNAPSHOT}
case "$VERSION" in
  [0-9]*) ;;
  *) log "cannot use version '$VERSION'"; exit 1 ;;
esac
log "version $VERSION"

[ -f "$TARGET/$NAME.jar" ] && [ -d "$TARGET/lib" ] || { log "run ./mvnw package first (no target/$NAME.jar or target/lib)"; exit 1; }

case "$(uname -s)" in
  Linux*) OS=linux ;;
  Darwin*) OS=mac ;;
  MINGW*|MSYS*|CYGWIN*) OS=windows ;;
  *) OS=other ;;
esac

# --- 1. the jars the app runs with ------------------------------------------------------------
# Left out: javafx-web (41 MB) and javafx-media, pulled in by TilesFX but used by no view of ours
# (installer/README.md says how to check), and the classifier-less
# javafx-*.jar stubs, which hold no classes. A missing Class-Path entry of the manifest is ignored.
INPUT=$OUT/input
rm -rf "$INPUT" && mkdir -p "$INPUT/lib"
cp "$TARGET/$NAME.jar" "$INPUT/"
for jar in "$TARGET"/lib/*.jar; do
  base=$(basename "$jar")
  case "$base" in
    javafx-web-*|javafx-media-*) continue ;;
  esac
  if [[ "$base" =~ ^javafx-[a-z]+-[0-9.]+\.jar$ ]]; then continue; fi
  cp "$jar" "$INPUT/lib/"
done

# --- 2. the runtime: the JDK modules our jars use, found by jdeps --------------------------------
# The jars stay on the class path, JavaFX included, exactly as with `java -jar` and in the tests:
# ControlsFX and TilesFX reach into JavaFX internals, which as named modules (jlinked or on the
# module path) would need an --add-exports/--add-opens per package, found one crash at a time.
# The price is JavaFX's one-line "Unsupported JavaFX configuration" warning at start. jdeps cannot read the modular jars as modules (POI requires
# com.zaxxer.sparsebitset, which the SparseBitSet jar does not declare), so it reads copies without
# module-info, which is what the class path sees anyway.
FLAT=$OUT/jdeps-input
rm -rf "$FLAT" && mkdir -p "$FLAT"
"$JDK/bin/java" "$HERE/FlattenJars.java" "$INPUT" "$FLAT"
DEPS=$("$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 21 \
  --class-path "$FLAT/*" "$FLAT"/*.jar)
rm -rf "$FLAT"
# Not visible to jdeps: jdk.localedata (Chinese dates and numbers), jdk.charsets (GBK/GB18030 logs
# from Chinese machine PCs), jdk.crypto.ec (TLS to PostgreSQL; empty but harmless on newer JDKs),
# jdk.zipfs (zip file systems), java.desktop (AWT for screenshots and javafx-swing).
EXTRA=jdk.localedata,jdk.charsets,jdk.zipfs,java.desktop
"$JDK/bin/java" --list-modules | grep -q '^jdk.crypto.ec@' && EXTRA=$EXTRA,jdk.crypto.ec
MODULES=$DEPS,$EXTRA
log "modules $MODULES"

RUNTIME=$OUT/runtime
# Reused across runs while modules, JDK and this script are unchanged (jlink takes a minute).
KEY="$MODULES $JDK $(cksum < "$0")"
if [ -f "$OUT/runtime.key" ] && [ "$(cat "$OUT/runtime.key")" = "$KEY" ]; then
  log "runtime unchanged, reusing $RUNTIME"
else
  rm -rf "$RUNTIME"
  # No --generate-cds-archive: its two archives add 29 MB and saved no measurable start time here
  # (see docs/bench/installer.md); most classes at start are ours and Hibernate's, not the JDK's.
  "$JDK/bin/jlink" --add-modules "$MODULES" --output "$RUNTIME" \
    --strip-debug --no-header-files --no-man-pages --compress zip-6 \
    --include-locales=en,zh
  # The JDK's native libraries keep their symbol tables (libjvm.so alone: 5 MB); they only make
  # crash logs more readable.
  if [ "$OS" = linux ] && command -v strip >/dev/null; then
    find "$RUNTIME/lib" -name '*.so' -exec strip --strip-unneeded {} +
  fi
  echo "$KEY" > "$OUT/runtime.key"
fi

# --- 3. the app image ---------------------------------------------------------------------------
# Launcher JVM options: UTF-8 whatever the PC's code page; native access for JavaFX/H2 without
# warnings; JavaFX's Marlin renderer still uses sun.misc.Unsafe (warned about from JDK 24 on).
JAVA_OPTS=(--enable-native-access=ALL-UNNAMED -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8)
if "$RUNTIME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  JAVA_OPTS+=(--sun-misc-unsafe-memory-access=allow)
fi
ICON=$HERE/icons/$NAME.png
[ "$OS" = windows ] && ICON=$HERE/icons/$NAME.ico
[ "$OS" = mac ] && ICON=$HERE/icons/$NAME.icns

COMMON=(--name "$NAME" --app-version "$VERSION" --vendor "SMT Console project"
  --description "Shop-floor console for SMT production lines"
  --copyright "SMT Console project" --icon "$ICON")
jopts=()
for o in "${JAVA_OPTS[@]}"; do jopts+=(--java-options "$o"); done

IMAGE_DEST=$OUT
case "$OS" in
  mac) IMAGE=$OUT/$NAME.app ;;
  *) IMAGE=$OUT/$NAME ;;
esac
rm -rf "$IMAGE"
win_opts=()
# Windows: the main launcher is a GUI program (no console window); smt-console-cli.exe is the same
# app built as a console program, for the command line.
if [ "$OS" = windows ]; then
  printf 'win-console=true\n' > "$OUT/cli.properties"
  win_opts=(--add-launcher "$NAME-cli=$OUT/cli.properties")
fi
"$JDK/bin/jpackage" --type app-image --dest "$IMAGE_DEST" "${COMMON[@]}" \
  --input "$INPUT" --main-jar "$NAME.jar" --main-class dev.smtconsole.Main \
  --runtime-image "$RUNTIME" "${jopts[@]}" ${win_opts[@]+"${win_opts[@]}"}

# --- 3b. the AOT cache (ADR 0016) ---------------------------------------------------------------
# A training run of the image (the GUI self-test on a migrated H2 database, headless with Monocle)
# writes an AOT cache (JDK 25, JEP 483/514: classes loaded and linked ahead of time); the
# launcher then starts from it: about 40 % less CPU per window start, less RSS. Java checks
# the jars' paths and timestamps against the cache and starts without it (silently, -Xlog:aot=off)
# on any mismatch. Linux only (the training needs to run the image); --no-aot leaves it out.
if [ "$OS" = linux ] && [ "$AOT" = 1 ] && "$RUNTIME/bin/java" -XX:AOTCacheOutput=/dev/null -version >/dev/null 2>&1; then
  CACHE=$IMAGE/lib/app/$NAME.aot
  train=$(mktemp -d)
  (
    export SMT_CONSOLE_HOME=$train/home
    unset JAVA_TOOL_OPTIONS
    "$IMAGE/bin/$NAME" db migrate --db "jdbc:h2:file:$train/db" >/dev/null
    JAVA_TOOL_OPTIONS="-XX:AOTCacheOutput=$CACHE -Xlog:aot=off -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw" \
      "$IMAGE/bin/$NAME" --self-test --db "jdbc:h2:file:$train/db" >"$train/out" 2>&1
  ) || { cat "$train/out" >&2; rm -rf "$train"; log "AOT training run failed"; exit 1; }
  rm -rf "$train"
  printf 'java-options=-XX:AOTCache=$APPDIR/%s.aot\njava-options=-Xlog:aot=off\n' "$NAME" >> "$IMAGE/lib/app/$NAME.cfg"
  log "AOT cache $(du -h "$CACHE" | cut -f1)"
fi

# --- 3c. commands through a launcher of their own (Linux; issue 19) ------------------------------
# With the window's AOT cache every command first loads the window's classes (the cache's classes are
# loaded at start): ≈ 0.4 s more than no cache. bin/smt-console-cli is the same native launcher with
# its own settings (a jpackage launcher reads lib/app/<its name>.cfg: the same file jpackage writes
# for --add-launcher, without the desktop entry that would make) and, where the window has one, an
# AOT cache trained on a command (`db info`: picocli, logback, HikariCP, H2, our start-up).
# lib/smt-console.sh, which the .deb links to /usr/bin/smt-console, sends commands there and the
# window (no command) to bin/smt-console. docs/bench/startup.md has the figures.
if [ "$OS" = linux ]; then
  CLI=$NAME-cli
  cp "$IMAGE/bin/$NAME" "$IMAGE/bin/$CLI"
  sed -e '/AOTCache/d' -e '/-Xlog:aot=off/d' "$IMAGE/lib/app/$NAME.cfg" > "$IMAGE/lib/app/$CLI.cfg"
  if [ -f "$IMAGE/lib/app/$NAME.aot" ]; then
    CLI_CACHE=$IMAGE/lib/app/$CLI.aot
    train=$(mktemp -d)
    (
      export SMT_CONSOLE_HOME=$train/home
      unset JAVA_TOOL_OPTIONS
      "$IMAGE/bin/$CLI" db migrate --db "jdbc:h2:file:$train/db" >/dev/null
      JAVA_TOOL_OPTIONS="-XX:AOTCacheOutput=$CLI_CACHE -Xlog:aot=off" \
        "$IMAGE/bin/$CLI" db info --db "jdbc:h2:file:$train/db" >"$train/out" 2>&1
    ) || { cat "$train/out" >&2; rm -rf "$train"; log "AOT training run of the command line failed"; exit 1; }
    rm -rf "$train"
    printf 'java-options=-XX:AOTCache=$APPDIR/%s.aot\njava-options=-Xlog:aot=off\n' "$CLI" >> "$IMAGE/lib/app/$CLI.cfg"
    log "AOT cache of the command line $(du -h "$CLI_CACHE" | cut -f1)"
  fi
  install -m 755 "$HERE/linux/smt-console.sh" "$IMAGE/lib/$NAME.sh"
fi
log "app image $IMAGE ($(du -sh "$IMAGE" | cut -f1))"

[ "$TYPE" = app-image ] && exit 0

# --- 4. the OS package --------------------------------------------------------------------------
case "$OS" in
  linux)
    if ! command -v fakeroot >/dev/null || ! command -v dpkg-deb >/dev/null; then
      log "no fakeroot/dpkg-deb: skipping the .deb (apt-get install -y fakeroot)"; exit 0
    fi
    # The gateway's systemd unit and its settings template ride in the image; postinst installs
    # them, disabled (docs/GATEWAY.md, "As a Linux service").
    install -m 644 "$HERE/linux/smt-console-gateway.service" "$IMAGE/lib/smt-console-gateway.service"
    install -m 600 "$HERE/linux/gateway.env" "$IMAGE/lib/gateway.env"
    # Installs to /opt/smt-console; installer/linux/postinst links /usr/bin/smt-console to the
    # launcher, and jpackage's own part of it installs the desktop menu entry (xdg-utils).
    "$JDK/bin/jpackage" --type deb --dest "$OUT" "${COMMON[@]}" --app-image "$IMAGE" \
      --install-dir /opt --resource-dir "$HERE/linux" \
      --linux-package-name "$NAME" --linux-shortcut --linux-menu-group "Office" \
      --linux-app-category misc --linux-deb-maintainer "smt-console@localhost"
    ;;
  windows)
    # Needs WiX on the PATH (3.x: candle/light; jpackage 24+ also takes WiX 4/5 `wix`). Per-user
    # data lives in %APPDATA%\smt-console, so upgrades (same --win-upgrade-uuid) keep it.
    "$JDK/bin/jpackage" --type msi --dest "$OUT" "${COMMON[@]}" --app-image "$IMAGE" \
      --win-menu --win-menu-group "SMT Console" --win-shortcut --win-dir-chooser \
      --win-upgrade-uuid 7f1b7e4e-3c55-4d0c-9a7e-5b0d7c1c2a10
    ;;
  mac)
    "$JDK/bin/jpackage" --type dmg --dest "$OUT" "${COMMON[@]}" --app-image "$IMAGE"
    ;;
  *) log "no package type for $(uname -s); app image only" ;;
esac
ls -l "$OUT" >&2
