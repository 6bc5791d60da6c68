#!/bin/sh
# /usr/bin/smt-console (installer/linux/postinst links it here): the window — no command — through
# bin/smt-console, whose AOT cache was trained on a window start; a command through
# bin/smt-console-cli, whose cache was trained on a command (issue 19, docs/bench/startup.md).
# Both run the same application; only the classes they load ahead of time differ.
bin=$(dirname -- "$(dirname -- "$(readlink -f -- "$0")")")/bin
launcher=smt-console
skip=""; asked=""
for a in "$@"; do
  if [ -n "$skip" ]; then skip=""; continue; fi
  case "$a" in
    --) break ;;
    --db|--db-user|--db-password-env|--db-schema) skip=1 ;;
    -V|--version|-h|--help) asked=1 ;;
    -*) ;;
    gui) break ;;
    *) launcher=smt-console-cli; break ;;
  esac
done
[ -n "$asked" ] && launcher=smt-console-cli
[ -x "$bin/$launcher" ] || launcher=smt-console
exec "$bin/$launcher" "$@"
