#!/usr/bin/env bash
# Start-up and lesson-switch benchmark: cold starts of the packaged app in a real window, each on a
# fresh data directory; prints every run and the medians. Needs a display (uses Xvfb when none).
#
# It measures four starts, alternating run by run:
#   run command   the JVM options `./mvnw -DskipTests package exec:exec` uses (pom.xml): the C1
#                 compiler and the class-data-sharing archive, made first if missing;
#   daily         the same options on a data folder the app has opened before: the daily launch
#                 (no database to create, no migrations to run, no content to unpack);
#   plain         `java -jar target/lakehouse-workbench.jar` with no options, the baseline;
#   floor         a bare window of the same size and theme with one label (StartupFloor, in the
#                 test classes), started like the run command and timed the same way: what any
#                 JavaFX window costs on this machine before the workbench adds anything.
# "ready" counts from the process's start (what the learner waits through); the run command's line
# also gives it from the JVM's own start time (RuntimeMXBean), which leaves out creating the VM.
# Usage: ./mvnw -B -q package -DskipTests && src/bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
jar=$PWD/target/lakehouse-workbench.jar
archive=$PWD/target/lakehouse-workbench.jsa
run_command=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xshare:auto -XX:SharedArchiveFile="$archive" -XX:+IgnoreUnrecognizedVMOptions
  -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -Xlog:cds=off -Xlog:cds+dynamic=off)
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :97 -screen 0 1400x900x24 >/dev/null 2>&1 & xvfb=$!
  trap 'kill $xvfb' EXIT
  export DISPLAY=:97
  sleep 1
fi

daily_dir=$(mktemp -d)
start() { # prints "ready-ms switch-ms whole-ms jvm-ready-ms" for one cold start with the given JVM options
  local dir out
  dir=$(mktemp -d)
  if [ "${1:-}" = daily ]; then
    shift
    rmdir "$dir"
    dir=$daily_dir
  fi
  if [ "${1:-}" = floor ]; then
    shift
    out=$(java "$@" -cp "$jar:$PWD/target/test-classes" dev.lakehouse.workbench.app.StartupFloor 2>/dev/null)
  else
    out=$(java "$@" -Dworkbench.bench=true -jar "$jar" --data-dir "$dir" 2>/dev/null)
  fi
  [ "$dir" = "$daily_dir" ] || rm -rf "$dir"
  echo "$(sed -n 's/^ready in \([0-9]*\) ms$/\1/p' <<<"$out") $(sed -n 's/^lesson switch median \([0-9.]*\) ms.*/\1/p' <<<"$out")" \
    "$(sed -n 's/^whole window on screen in \([0-9]*\) ms$/\1/p' <<<"$out")" \
    "$(sed -n "s/^ready in \([0-9]*\) ms from the JVM's own start time$/\1/p" <<<"$out")"
}

# One more daily start: the CPU each thread has used the moment "ready" is printed (from /proc), which
# says where a start's work goes when both cores are busy (docs/decisions/0005-start-up.md).
cpu_by_thread() { # the JVM options to start with
  local pid line tck=$(getconf CLK_TCK)
  coproc APP { exec java "$@" -Dworkbench.bench=true -jar "$jar" --data-dir "$daily_dir" 2>/dev/null; }
  pid=$APP_PID
  while read -r line <&"${APP[0]}"; do
    case "$line" in "ready in "*" ms") break ;; esac
  done
  for t in /proc/"$pid"/task/*; do
    # utime and stime are the 14th and 15th fields; the name in brackets may hold blanks, so count after it
    set -- $(sed 's/^.*) //' "$t/stat" 2>/dev/null) || continue
    [ $# -ge 13 ] && echo "$(( (${12} + ${13}) * 1000 / tck ))|$(cat "$t/comm" 2>/dev/null)"
  done | sort -t'|' -k1,1rn | awk -F'|' -v r="${line#ready in }" '$1 > 0 {s += $1; parts = parts (parts ? ", " : "") $2 " " $1} END {print "CPU by thread when a daily start was ready (" r "): " s " ms in all: " parts}'
  wait "$pid" 2>/dev/null || true
}

if ! java -Xshare:on -XX:SharedArchiveFile="$archive" -Xlog:cds=off -cp "$jar" -version >/dev/null 2>&1; then
  echo "making the class-data-sharing archive (one start, then the app's background dump)..."
  start "${run_command[@]}" >/dev/null
  for _ in $(seq 1 120); do
    java -Xshare:on -XX:SharedArchiveFile="$archive" -Xlog:cds=off -cp "$jar" -version >/dev/null 2>&1 && break
    sleep 1
  done
fi

start daily "${run_command[@]}" >/dev/null # the first launch on the daily folder
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rc_ready=(); rc_switch=(); rc_whole=(); rc_jvm=(); plain_ready=(); plain_switch=(); floor_ready=(); daily_ready=()
for i in $(seq 1 "$runs"); do
  read -r r s w j < <(start "${run_command[@]}")
  rc_ready+=("$r"); rc_switch+=("$s"); rc_whole+=("$w"); rc_jvm+=("$j")
  read -r pr ps _ < <(start)
  plain_ready+=("$pr"); plain_switch+=("$ps")
  read -r fr _ < <(start floor "${run_command[@]}")
  floor_ready+=("$fr")
  read -r dr _ < <(start daily "${run_command[@]}")
  daily_ready+=("$dr")
  echo "run $i: run command ready in $r ms (from the JVM's start time $j ms; whole window $w ms), switch $s ms | daily ready in $dr ms | plain java -jar ready in $pr ms, switch $ps ms | floor ready in $fr ms"
done
rc=$(median "${rc_ready[@]}"); plain=$(median "${plain_ready[@]}"); floor=$(median "${floor_ready[@]}")
echo "median of $runs cold starts, run command: ready in $rc ms from the process's start," \
  "$(median "${rc_jvm[@]}") ms from the JVM's own start time; whole window on screen in $(median "${rc_whole[@]}") ms;" \
  "lesson switch median $(median "${rc_switch[@]}") ms"
daily=$(median "${daily_ready[@]}")
echo "median of $runs daily starts (run command, a data folder opened before): ready in $daily ms"
echo "median of $runs cold starts, plain java -jar: ready in $plain ms; lesson switch median $(median "${plain_switch[@]}") ms"
echo "median of $runs cold starts, floor (bare themed window): ready in $floor ms"
cpu_by_thread "${run_command[@]}"
rm -rf "$daily_dir"
awk -v a="$rc" -v b="$plain" -v f="$floor" -v d="$daily" 'BEGIN {printf "run command / plain: %.2fx; run command / floor: %.2fx; daily / floor: %.2fx\n", a / b, a / f, d / f}'
