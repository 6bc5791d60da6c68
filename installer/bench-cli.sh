#!/usr/bin/env bash
# Command-line start-up for docs/bench/startup.md: N (default 5) runs, interleaved, of
# `db info` (opens the database, reads its version and row counts) and `--version` (no database)
# on an already migrated empty H2 database, by this build's app image, its launcher in target/ (which
# gives commands a per-user CDS archive) and `java -jar`, and by a baseline build (its app image
# folder, a jar, or its target/smt-console launcher) when given. One unmeasured round first (it
# also writes the launcher's archives). Prints wall seconds and CPU seconds
# (user+sys) per run and the medians; CPU is what a loaded machine distorts least.
#   installer/bench-cli.sh [N] [BASELINE-IMAGE-OR-JAR] [PG-URL]
# With PG-URL (e.g. jdbc:postgresql://127.0.0.1:5432/test, user postgres) `db info` also runs on
# PostgreSQL, in a schema of its own that is dropped afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-5}
BASE=${2:-}
PG=${3:-}
APP=$ROOT/target/installer/smt-console/bin/smt-console
# Linux: what /usr/bin/smt-console runs (commands through bin/smt-console-cli and its own AOT cache)
[ -x "$ROOT/target/installer/smt-console/lib/smt-console.sh" ] && APP=$ROOT/target/installer/smt-console/lib/smt-console.sh
JDK=${JPACKAGE_JDK:-$(awk '{print $2}' "$ROOT/target/installer/runtime.key" 2>/dev/null || true)}
[ -n "$JDK" ] || JDK=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SMT_CONSOLE_HOME=$tmp/home
unset JAVA_TOOL_OPTIONS
H2="jdbc:h2:file:$tmp/db"
SCHEMA=bench_cli_$$

runners=()
[ -x "$APP" ] && runners+=(image)
runners+=(launcher jar)
[ -n "$BASE" ] && runners+=(base)
cmd() { # runner -> the command prefix
  case "$1" in
    image) echo "$APP" ;;
    launcher) echo "$ROOT/target/smt-console" ;;
    jar) echo "$JDK/bin/java --enable-native-access=ALL-UNNAMED -jar $ROOT/target/smt-console.jar" ;;
    base) if [ -d "$BASE" ]; then echo "$BASE/bin/smt-console"; elif [ "${BASE%.jar}" = "$BASE" ]; then echo "$BASE";
          else echo "$JDK/bin/java --enable-native-access=ALL-UNNAMED -jar $BASE"; fi ;;
  esac
}
$(cmd jar) db migrate --db "$H2" >/dev/null
[ -n "$PG" ] && $(cmd jar) db migrate --db "$PG" --db-user postgres --db-schema "$SCHEMA" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
once() { # label args...
  local label=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; exit 1; }
  read -r wall u s < <(tail -1 "$tmp/time")
  cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')
  echo "$wall" >> "$tmp/$label.wall"; echo "$cpu" >> "$tmp/$label.cpu"
  echo "$label: wall_s=$wall cpu_s=$cpu load=$(cut -d' ' -f1 /proc/loadavg)"
}
echo "cpus: $(nproc), load before: $(cat /proc/loadavg)"
labels=()
for r in "${runners[@]}"; do # unmeasured
  $(cmd "$r") --version >/dev/null 2>&1; $(cmd "$r") db info --db "$H2" >/dev/null 2>&1
  if [ -n "$PG" ]; then $(cmd "$r") db info --db "$PG" --db-user postgres --db-schema "$SCHEMA" >/dev/null 2>&1; fi
done
for i in $(seq 1 "$N"); do
  for r in "${runners[@]}"; do
    once "$r-version" $(cmd "$r") --version
    once "$r-dbinfo-h2" $(cmd "$r") db info --db "$H2"
    if [ -n "$PG" ]; then once "$r-dbinfo-pg" $(cmd "$r") db info --db "$PG" --db-user postgres --db-schema "$SCHEMA"; fi
  done
done
for f in "$tmp"/*.wall; do
  l=$(basename "$f" .wall)
  echo "MEDIAN $l (n=$N): wall_s=$(median < "$f") cpu_s=$(median < "$tmp/$l.cpu")"
done
if [ -n "$PG" ]; then
  psql_drop="DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
  command -v psql >/dev/null && psql "${PG#jdbc:}" -U postgres -qc "$psql_drop" 2>/dev/null || echo "(drop schema $SCHEMA by hand if psql is missing)"
fi
echo "load after: $(cat /proc/loadavg)"
