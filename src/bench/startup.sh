#!/usr/bin/env bash
# Start-up and lesson-switch benchmark: 5 cold starts of the packaged app in a real window, each on a
# fresh data directory; prints every run and the medians. Needs a display (uses Xvfb when none).
# Usage: ./mvnw -B -q package -DskipTests && src/bench/startup.sh [runs]
# JAVA_OPTS=-XX:TieredStopAtLevel=1 src/bench/startup.sh measures the JVM options ./mvnw compile exec:exec uses.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :97 -screen 0 1400x900x24 >/dev/null 2>&1 & xvfb=$!
  trap 'kill $xvfb' EXIT
  export DISPLAY=:97
  sleep 1
fi
ready=(); switch=()
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  out=$(java ${JAVA_OPTS:-} -Dworkbench.bench=true -jar target/lakehouse-workbench.jar --data-dir "$dir" 2>/dev/null)
  r=$(sed -n 's/^ready in \([0-9]*\) ms$/\1/p' <<<"$out")
  s=$(sed -n 's/^lesson switch median \([0-9.]*\) ms.*/\1/p' <<<"$out")
  echo "run $i: ready in $r ms; $(grep 'lesson switch' <<<"$out")"
  ready+=("$r"); switch+=("$s")
  rm -rf "$dir"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median of $runs cold starts: ready in $(median "${ready[@]}") ms; lesson switch median $(median "${switch[@]}") ms"
