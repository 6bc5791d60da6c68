#!/usr/bin/env bash
# Start-up figures for docs/bench/installer.md: N (default 5) self-test starts of the app image
# under Xvfb, and as baseline in the same run the same jars via `java -jar` on the full JDK that
# built the image. Each start is a new process on an already migrated H2 database.
# Prints per run: elapsed_ms (process start -> first layout pulse of the shown main window, from
# the self-test's own line), rss_kb at that moment, and the process's CPU seconds (user+sys),
# which a loaded machine distorts less than wall time. Then the medians.
#   installer/bench.sh [N] [BASELINE-IMAGE]   (after installer/build.sh --type app-image)
# With BASELINE-IMAGE (another build's app image folder, e.g. main's), that image is the baseline
# instead of `java -jar`: before/after in one run. Without xvfb-run, both run with Monocle's
# headless glass (software rendering), as installer/smoke.sh does.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-5}
APP=$ROOT/target/installer/smt-console/bin/smt-console
JDK=${JPACKAGE_JDK:-$(awk '{print $2}' "$ROOT/target/installer/runtime.key")}
[ -x "$APP" ] || { echo "bench: build the app image first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SMT_CONSOLE_HOME=$tmp/home
unset JAVA_TOOL_OPTIONS
"$APP" db migrate --db "jdbc:h2:file:$tmp/db" >/dev/null
BASE_IMAGE=${2:-}
if command -v xvfb-run >/dev/null; then
  display=(xvfb-run -a)
else
  display=(env "JAVA_TOOL_OPTIONS=-Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Dprism.text=t2k")
fi

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

once() { # label command...: one start, appended to $tmp/<label>.{ms,rss,cpu}
  local label=$1; shift
  /usr/bin/time -f 'cpu %U %S' -o "$tmp/time" "${display[@]}" "$@" --self-test --db "jdbc:h2:file:$tmp/db" >"$tmp/out" 2>&1 \
    || { cat "$tmp/out" >&2; exit 1; }
  line=$(grep '^self-test: main window shown' "$tmp/out")
  ms=$(sed 's/.*elapsed_ms=\([0-9]*\).*/\1/' <<<"$line")
  rss=$(sed 's/.*rss_kb=\([0-9]*\).*/\1/' <<<"$line")
  # /usr/bin/time covers xvfb-run and its children: Xvfb's own small share is included (if used)
  cpu=$(awk '/^cpu/ {print $2 + $3}' "$tmp/time")
  echo "$ms" >> "$tmp/$label.ms"; echo "$rss" >> "$tmp/$label.rss"; echo "$cpu" >> "$tmp/$label.cpu"
  echo "$label: elapsed_ms=$ms rss_kb=$rss cpu_s=$cpu load=$(cut -d' ' -f1 /proc/loadavg)"
}

echo "image: $(du -sb "$ROOT/target/installer/smt-console" | cut -f1) bytes ($(du -sh "$ROOT/target/installer/smt-console" | cut -f1)); runtime $(du -sh "$ROOT/target/installer/smt-console/lib/runtime" | cut -f1), jars $(du -sh "$ROOT/target/installer/smt-console/lib/app" | cut -f1)"
echo "cpus: $(nproc), load before: $(cat /proc/loadavg)"
# interleaved, so a change of load hits both alike
for i in $(seq 1 "$N"); do
  once image "$APP"
  if [ -n "$BASE_IMAGE" ]; then
    once base "$BASE_IMAGE/bin/smt-console"
  else
    once jar "$JDK/bin/java" --enable-native-access=ALL-UNNAMED -Dfile.encoding=UTF-8 -jar "$ROOT/target/smt-console.jar"
  fi
done
B=jar; [ -n "$BASE_IMAGE" ] && B=base
for l in image $B; do
  echo "MEDIAN $l (n=$N): elapsed_ms=$(median < "$tmp/$l.ms") rss_mb=$(( $(median < "$tmp/$l.rss" | cut -d. -f1) / 1024 )) cpu_s=$(median < "$tmp/$l.cpu")"
done
echo "ratio image/$B elapsed: $(awk -v a="$(median < "$tmp/image.ms")" -v b="$(median < "$tmp/$B.ms")" 'BEGIN {printf "%.2f", a / b}'), cpu: $(awk -v a="$(median < "$tmp/image.cpu")" -v b="$(median < "$tmp/$B.cpu")" 'BEGIN {printf "%.2f", a / b}')"
echo "load after: $(cat /proc/loadavg)"
