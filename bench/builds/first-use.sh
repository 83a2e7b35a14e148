#!/usr/bin/env bash
# The first use of a generated model in a fresh process, by JIT setting: runs the apps bench/builds/lecture-orders.sh
# built (artifacts/builds/lecture/APP), RUNS times each, in turn, by default and with the JIT told to skip tier 0
# (DOTNET_TieredCompilation=0: every method fully optimised on its first call), which shows how much of the first
# use is tier-0 code and JIT. Prints medians.
#
#   bench/builds/first-use.sh                       # now-o2 now-o6 now-o8, 7 runs
#   APPS="now-o6" RUNS=11 bench/builds/first-use.sh
source "$(dirname "$0")/common.sh"
runs=${RUNS:-7}
apps=${APPS:-now-o2 now-o6 now-o8 before-o6}
out="$work/lecture"
raw="$work/first-use.tsv"
echo -e "utc\tload1\tapp\tjit\trun\tlaunch_to_first_name_ms\tfirst_sample_ms\tsecond_sample_us\tgc_total\tgc_heap\tworking_set\tgc_live\tfirst_sample_cpu_ms" > "$raw"
for run in $(seq 1 "$runs"); do
  for app in $apps; do
    [ -x "$out/$app/bin/Release/net10.0/App" ] || { echo "error: $out/$app is not built: run bench/builds/lecture-orders.sh" >&2; exit 1; }
    for jit in default no-tiering; do
      t=$(date -u +%H:%M:%S); l=$(cut -d' ' -f1 /proc/loadavg)
      if [ "$jit" = default ]; then o=$(run_app "$out/$app"); else o=$(DOTNET_TieredCompilation=0 run_app "$out/$app"); fi
      get() { awk -v k="$1" '$1 == k {print $2}' <<< "$o"; }
      echo -e "$t\t$l\t$app\t$jit\t$run\t$(get launch-to-first-name-ms)\t$(get first-sample-ms)\t$(get second-sample-us)\t$(awk '$1 == "gc-total" {print $2 "\t" $4 "\t" $6}' <<< "$o")\t$(get gc-live)\t$(get first-sample-cpu-ms)" >> "$raw"
    done
  done
done
col() { awk -F'\t' -v a="$1" -v j="$2" -v c="$3" 'NR > 1 && $3 == a && $4 == j && $c != "" {print $c}' "$raw" | median; }
echo "First use, fresh process, medians of $runs runs ($(awk -F'\t' 'NR == 2 {print $1}' "$raw")–$(tail -1 "$raw" | cut -f1) UTC, load $(awk -F'\t' 'NR > 1 {print $2}' "$raw" | sort -g | awk 'NR == 1 {a = $1} {b = $1} END {print a "–" b}'))"
echo
echo "| app | JIT | launch → first name ms | first Sample ms | its CPU ms | second Sample µs | GC.GetTotalMemory(false) MB | GC heap MB | working set MB | live after full GC MB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for app in $apps; do
  for jit in default no-tiering; do
    printf '| %s | %s | %s | %s | %s | %s | %.1f | %.1f | %.1f | %s |\n' "$app" "$jit" "$(col "$app" "$jit" 6)" "$(col "$app" "$jit" 7)" "$(col "$app" "$jit" 13)" "$(col "$app" "$jit" 8)" \
      "$(awk -v x="$(col "$app" "$jit" 9)" 'BEGIN {print x / 1048576}')" "$(awk -v x="$(col "$app" "$jit" 10)" 'BEGIN {print x / 1048576}')" \
      "$(awk -v x="$(col "$app" "$jit" 11)" 'BEGIN {print x / 1048576}')" "$(awk -v x="$(col "$app" "$jit" 12)" 'BEGIN {if (x == "?") print "?"; else printf "%.1f", x / 1048576}')"
  done
done
