#!/usr/bin/env bash
# Writes the class list the class-data-sharing archive is made from (see ClassDataArchive): every
# class one start of the packaged app loads while it opens, shows the WebView and visits all 30
# lessons. Rerun it after large changes to what start-up touches; a stale list only shares less.
# Needs a display (uses Xvfb when none). Usage: ./mvnw -B -q package -DskipTests && src/bench/classlist.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :96 -screen 0 1400x900x24 >/dev/null 2>&1 & xvfb=$!
  trap 'kill $xvfb' EXIT
  export DISPLAY=:96
  sleep 1
fi
dir=$(mktemp -d)
java -XX:DumpLoadedClassList="$dir/classes.txt" -Dworkbench.bench=true -jar target/lakehouse-workbench.jar \
  --data-dir "$dir/data" >/dev/null 2>&1
out=src/main/resources/dev/lakehouse/workbench/app/startup-classes.txt
grep -v '^#' "$dir/classes.txt" > "$out"
rm -rf "$dir"
echo "$(wc -l < "$out") classes in $out"
