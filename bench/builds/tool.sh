#!/usr/bin/env bash
# Issue 15 §6 (the first two defects), measured: the makemore tool sampling from big lists, built at run time by
# LanguageModel.FromText. Builds src/Makemore.Demo once (Release), then runs its dll as `dotnet run` would after its
# up-to-date check, under GNU time (peak resident memory, wall time), with a watchdog that stops a run above
# LIMIT_GB of resident memory or TIMEOUT seconds (the machine is shared: the first report was 14 GB).
#
#   bench/builds/tool.sh                                  # every case
#   CASES="gen6m-o4" LIMIT_GB=6 TIMEOUT=300 bench/builds/tool.sh
source "$(dirname "$0")/common.sh"
limit_kb=$(( ${LIMIT_GB:-8} * 1024 * 1024 ))
timeout=${TIMEOUT:-600}
cases=${CASES:-lecture-o6 gen600k-o8 gen6m-o4 gen6m-o8}
out="$work/tool"
mkdir -p "$out"
[ -f "$lists/generated-6m.txt" ] || { echo "error: $lists/generated-6m.txt is missing: run bench/lists/fetch-lists.sh" >&2; exit 1; }
head -n 600000 "$lists/generated-6m.txt" > "$out/generated-600k.txt"

echo "# $(stamp) building the tool"
dotnet build "$root/src/Makemore.Demo" -c Release -p:UseSharedCompilation=false > "$out/build.log" 2>&1 || { echo "error: see $out/build.log" >&2; exit 1; }
tool="$root/src/Makemore.Demo/bin/Release/net10.0/Makemore.Demo.dll"

echo "| case | list | order | exit | wall s | peak RSS MB | output (first line of stdout / stderr) | UTC, load |"
echo "|---|---|---|---|---|---|---|---|"
for c in $cases; do
  case $c in
    lecture-o6) file=$lecture; order=6 ;;
    gen600k-o8) file=$out/generated-600k.txt; order=8 ;;
    gen6m-o4)   file=$lists/generated-6m.txt; order=4 ;;
    gen6m-o8)   file=$lists/generated-6m.txt; order=8 ;;
    *) echo "error: unknown case $c" >&2; exit 2 ;;
  esac
  when=$(stamp)
  /usr/bin/time -v -o "$out/$c.time" dotnet "$tool" sample --data "$file" --order "$order" --count 5 --seed 1 > "$out/$c.out" 2> "$out/$c.err" &
  pid=$!
  start=$(date +%s); killed=""
  while kill -0 "$pid" 2>/dev/null; do
    rss=0
    for p in $(pgrep -P "$pid"); do r=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null); [ -n "$r" ] && rss=$((rss + r)); done
    if [ "$rss" -gt "$limit_kb" ]; then killed="killed above ${LIMIT_GB:-8} GB after $(( $(date +%s) - start )) s"; pkill -P "$pid"; fi
    if [ $(( $(date +%s) - start )) -gt "$timeout" ]; then killed="killed after $timeout s"; pkill -P "$pid"; fi
    sleep 0.5
  done
  wait "$pid"; status=$?
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s}' "$out/$c.time")
  peak=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$out/$c.time")
  said=$( (head -1 "$out/$c.out"; head -1 "$out/$c.err") | paste -sd'/' | cut -c1-160)
  echo "| $c | $(basename "$file") ($(wc -l < "$file") lines) | $order | $status | $wall | $peak | ${killed:+$killed; }$said | $when |"
done
