#!/usr/bin/env bash
# Smoke test of the Linux app image, as CI runs it after the tests (needs target/smt-console.jar
# and target/lib from `./mvnw package`/`verify`):
#   1. builds the app image (installer/build.sh --type app-image)
#   2. <image>/bin/smt-console --version
#   3. db migrate on a temporary H2 database
#   4. the headless GUI self-test: under xvfb-run when there is one, else with Monocle
#   5. the self-test on a database it cannot open must fail with exit 1 and the reason
# Never touches the user's folders: SMT_CONSOLE_HOME points into a temp folder.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

if [ "${SMOKE_SKIP_BUILD:-}" != 1 ]; then
  installer/build.sh --type app-image
fi
APP=$ROOT/target/installer/smt-console/bin/smt-console
[ -x "$APP" ] || { echo "smoke: no app image at $APP" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SMT_CONSOLE_HOME=$tmp/home
unset JAVA_TOOL_OPTIONS
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
step() { echo "smoke: $*" >&2; }

step "--version"
out=$("$APP" --version) || fail "--version exited $?"
echo "$out"
[[ "$out" == "smt-console "* ]] || fail "--version printed '$out'"

if [ -x "$ROOT/target/installer/smt-console/lib/smt-console.sh" ]; then
  step "lib/smt-console.sh --version (Linux: /usr/bin/smt-console, commands through bin/smt-console-cli)"
  out=$("$ROOT/target/installer/smt-console/lib/smt-console.sh" --version) || fail "lib/smt-console.sh --version exited $?"
  [[ "$out" == "smt-console "* ]] || fail "lib/smt-console.sh --version printed '$out'"
fi

step "db migrate"
out=$("$APP" db migrate --db "jdbc:h2:file:$tmp/db") || fail "db migrate exited $?"
echo "$out"
[ -f "$tmp/db.mv.db" ] || fail "db migrate made no $tmp/db.mv.db"
[[ "$out" == *"schema version"* ]] || fail "db migrate printed '$out'"

# The display: a virtual X server, or Monocle's headless glass (shipped in the image for the
# screenshot command) when xvfb-run or GTK 3 (which JavaFX needs on X) is missing, or
# SMOKE_DISPLAY=monocle.
if [ "${SMOKE_DISPLAY:-}" != monocle ] && command -v xvfb-run >/dev/null \
    && ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0'; then
  display=(xvfb-run -a)
  how=Xvfb
else
  display=(env "JAVA_TOOL_OPTIONS=-Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Dprism.text=t2k")
  how=Monocle
fi

step "self-test ($how)"
set +e
"${display[@]}" "$APP" --self-test --db "jdbc:h2:file:$tmp/db" >"$tmp/selftest.out" 2>&1
rc=$?
set -e
grep -v '^\s*at ' "$tmp/selftest.out" || true
[ "$rc" = 0 ] || fail "self-test exited $rc"
grep -q '^self-test: main window shown elapsed_ms=' "$tmp/selftest.out" || fail "no 'main window shown' line"
grep -q '^self-test ok: ' "$tmp/selftest.out" || fail "no 'self-test ok' line"

step "self-test on a database it cannot open (expects exit 1; the pool gives up after 10 s)"
set +e
"${display[@]}" "$APP" --self-test --db "jdbc:h2:file:/proc/smt-console-smoke/db" >"$tmp/bad.out" 2>&1
rc=$?
set -e
grep '^self-test' "$tmp/bad.out" || true
[ "$rc" = 1 ] || fail "self-test on a bad database exited $rc, not 1"
grep -q '^self-test failed: cannot open the database' "$tmp/bad.out" || fail "no reason printed for the bad database"

step "ok ($(du -sh "$ROOT/target/installer/smt-console" | cut -f1) app image)"
