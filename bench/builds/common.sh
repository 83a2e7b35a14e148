#!/usr/bin/env bash
# Shared by the bench/builds scripts: the local feed, the consumer projects, and timed builds as a user runs them.
# Sourced, not run. Everything goes under artifacts/builds/ (git-ignored).
#
# Builds run with the compiler server and MSBuild node reuse off, so that every build starts a fresh csc (the
# generator runs in it) and nothing is cached between builds but what is on disk (restore, obj/).

set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$root/artifacts/builds"
feed="$work/feed"
packages="$work/packages"          # a restore folder of our own: the global one would keep serving an older build
lists="$root/artifacts/lists"
lecture="${MAKEMORE_LECTURE_NAMES:-/work/shared/data/names.txt}"
now_version="0.2.0-now"            # this tree, packed
before_version="0.2.0-before"      # commit $before_commit, packed (the README's numbers before the recipe)
before_commit=c44e274
base_version="0.2.0-base"          # commit $base_commit, packed: a baseline of the same design to compare this tree with
base_commit=${BASE_COMMIT:-59658ce}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
mkdir -p "$work"

# A line for every number: when it was taken and how loaded the machine was.
stamp() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg)"; }

# pack_now: this tree's package into the feed (skipped when present; FORCE_PACK=1 to repack).
pack_now() {
  if [ -z "${FORCE_PACK:-}" ] && [ -f "$feed/Makemore.$now_version.nupkg" ]; then return 0; fi
  rm -rf "$packages/makemore/$now_version"
  dotnet pack "$root/src/Makemore.Runtime/Makemore.Runtime.csproj" -c Release -o "$feed" -p:Version="$now_version" \
    -p:UseSharedCompilation=false > "$work/pack-now.log" 2>&1 || { echo "error: pack failed, see $work/pack-now.log" >&2; return 1; }
}

# pack_before: commit $before_commit's package (exported with git archive into artifacts/, not a worktree).
pack_before() { pack_commit "$before_commit" "$before_version" before; }

# pack_base: commit $base_commit's package (BASE_COMMIT=... to choose another; repacked when the commit changes).
pack_base() {
  if [ "$(cat "$work/base-commit" 2>/dev/null)" != "$base_commit" ]; then
    rm -f "$feed/Makemore.$base_version.nupkg"
    rm -rf "$packages/makemore/$base_version"
  fi
  pack_commit "$base_commit" "$base_version" base && echo "$base_commit" > "$work/base-commit"
}

# pack_commit COMMIT VERSION NAME: a commit's package into the feed (skipped when present).
pack_commit() {
  local commit=$1 version=$2 name=$3
  if [ -f "$feed/Makemore.$version.nupkg" ]; then return 0; fi
  local src="$work/$name-src"
  rm -rf "$src" && mkdir -p "$src"
  git -C "$root" archive "$commit" | tar -x -C "$src"
  dotnet pack "$src/src/Makemore.Runtime/Makemore.Runtime.csproj" -c Release -o "$feed" -p:Version="$version" \
    -p:UseSharedCompilation=false > "$work/pack-$name.log" 2>&1 || { echo "error: pack of $commit failed, see $work/pack-$name.log" >&2; return 1; }
}

# make_consumer DIR VERSION: a console app as `dotnet new console` makes it, plus the package; its models are added
# with add_model and its Program.cs with write_program. Then restored once (builds use --no-restore).
make_consumer() {
  local dir=$1 version=$2
  rm -rf "$dir" && mkdir -p "$dir"
  cat > "$dir/Directory.Build.props" <<'XML'
<Project><!-- a user's project: no repository settings apply --></Project>
XML
  cp "$dir/Directory.Build.props" "$dir/Directory.Build.targets"
  cat > "$dir/Directory.Packages.props" <<'XML'
<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>
XML
  cat > "$dir/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <AssemblyName>App</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Makemore" Version="$version" />
  </ItemGroup>
  <ItemGroup>
<!-- models -->
  </ItemGroup>
</Project>
XML
  # The file a rebuild edits: one small class of the user's own.
  printf 'namespace App;\n\ninternal static class Edited\n{\n    public const int Revision = 0;\n}\n' > "$dir/Edited.cs"
}

# add_model DIR FILE CLASS ORDER [SMOOTHING] [EXTRA-METADATA]: one AdditionalFiles item.
add_model() {
  local dir=$1 file=$2 class=$3 order=$4 smoothing=${5:-} extra=${6:-}
  local item="    <AdditionalFiles Include=\"$file\" MakemoreModel=\"$class\" MakemoreOrder=\"$order\""
  [ -n "$smoothing" ] && item+=" MakemoreSmoothing=\"$smoothing\""
  [ -n "$extra" ] && item+=" $extra"
  item+=" />"
  sed -i "s#<!-- models -->#$item\n<!-- models -->#" "$dir/App.csproj"
}

# write_program DIR CLASS...: Program.cs that times the first model's first use and prints one line per model.
#   first-name-at-unix-ns  the wall clock when the first name is in hand (the script subtracts its launch time)
#   first-sample-ms        the first Sample call (lays the tables out), second-sample-us the next one
#   gc-total / gc-heap     GC.GetTotalMemory(false) and GCMemoryInfo.HeapSizeBytes after the first use
#   gc-live                GC.GetTotalMemory(true) after that: what the model keeps
#   first-sample-cpu-ms    the process's CPU time (every thread: JIT, GC) during the first Sample call
write_program() {
  local dir=$1; shift
  local first=$1
  {
    echo 'using System.Diagnostics;'
    echo 'using System.Globalization;'
    echo 'using Makemore;'
    echo ''
    echo 'var random = new Random(1);'
    echo 'using var self = Process.GetCurrentProcess();'
    echo 'TimeSpan cpu0 = self.TotalProcessorTime;'
    echo 'long t0 = Stopwatch.GetTimestamp();'
    echo "string name = $first.Sample(random);"
    echo 'long t1 = Stopwatch.GetTimestamp();'
    echo 'long firstNameAt = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;'
    echo 'self.Refresh();'
    echo 'TimeSpan cpu1 = self.TotalProcessorTime;'
    echo "string second = $first.Sample(random);"
    echo 'long t2 = Stopwatch.GetTimestamp();'
    echo 'long gcTotal = GC.GetTotalMemory(false);'
    echo 'long gcHeap = GC.GetGCMemoryInfo().HeapSizeBytes;'
    echo 'long workingSet = Environment.WorkingSet;'
    echo 'long live = GC.GetTotalMemory(true);'
    echo 'var c = CultureInfo.InvariantCulture;'
    echo 'Console.WriteLine(string.Create(c, $"first-name-at-unix-ns {firstNameAt}"));'
    echo 'Console.WriteLine(string.Create(c, $"first-sample-ms {Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds:F3}"));'
    echo 'Console.WriteLine(string.Create(c, $"second-sample-us {Stopwatch.GetElapsedTime(t1, t2).TotalMicroseconds:F1}"));'
    echo 'Console.WriteLine(string.Create(c, $"gc-total {gcTotal} gc-heap {gcHeap} working-set {workingSet}"));'
    echo 'Console.WriteLine(string.Create(c, $"gc-live {live}"));'
    echo 'Console.WriteLine(string.Create(c, $"first-sample-cpu-ms {(cpu1 - cpu0).TotalMilliseconds:F1}"));'
    echo 'Console.WriteLine(string.Create(c, $"names {name} {second} revision {App.Edited.Revision}"));'
    for class in "$@"; do
      echo "Console.WriteLine(string.Create(c, \$\"model $class order {$class.Order} table-bytes {$class.Model.TableBytes} names {$class.Model.NameCount} sample {$class.Sample(random)}\"));"
    done
  } > "$dir/Program.cs"
}

# write_program_before DIR CLASS: the same first-use lines for the old package (no Model property: TableBytes via Tables is not public there).
write_program_before() {
  local dir=$1 class=$2
  write_program "$dir" "$class"
  sed -i '/^Console.WriteLine(string.Create(c, $"model /d' "$dir/Program.cs"
  echo "Console.WriteLine(string.Create(c, \$\"model $class order {$class.Order}\"));" >> "$dir/Program.cs"
}

restore() { # restore DIR VERSION
  dotnet restore "$1" -p:RestorePackagesPath="$packages" --source "$feed" --source https://api.nuget.org/v3/index.json > "$1/restore.log" 2>&1 \
    || { echo "error: restore of $1 failed, see $1/restore.log" >&2; return 1; }
}

# timed_build DIR LOG: one `dotnet build -c Release --no-restore`, timed, with the peak resident memory of every
# process it starts (GNU time's maxrss: the largest single process, csc or MSBuild) and of csc alone (polled
# /proc/PID/status VmHWM, every 100 ms). Prints "SECONDS CPU_SECONDS CSC_SECONDS MAXRSS_KB CSC_HWM_KB STATUS": the
# wall time, the CPU time (user + system) of the build and every process it waited for (MSBuild, csc and the
# generator in it), which a loaded machine inflates far less than the wall time, csc's own wall time (MSBuild's
# performance summary), and the memory peaks.
timed_build() {
  local dir=$1 log=$2
  local timefile="$log.time" hwmfile="$log.hwm"
  : > "$hwmfile"
  local start end
  start=$(date +%s%N)
  /usr/bin/time -v -o "$timefile" dotnet build "$dir/App.csproj" -c Release --no-restore -nologo \
    -p:RestorePackagesPath="$packages" -clp:PerformanceSummary > "$log" 2>&1 &
  local pid=$! peak=0
  while kill -0 "$pid" 2>/dev/null; do
    for p in $(pgrep -f 'Roslyn/bincore/csc' 2>/dev/null); do
      descends_from "$p" "$pid" || continue   # only the csc of this build, not a neighbour's
      local h
      h=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null)
      [ -n "$h" ] && [ "$h" -gt "$peak" ] && peak=$h
    done
    sleep 0.1
  done
  wait "$pid"; local status=$?
  end=$(date +%s%N)
  local csc maxrss cpu
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$timefile")
  csc=$(awk '$2 == "ms" && $3 == "Csc" {gsub(",", "", $1); printf "%.2f", $1 / 1000; exit}' "$log")
  maxrss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timefile")
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", (e - s) / 1e9}') ${cpu:-?} ${csc:-?} ${maxrss:-?} $peak $status"
}

# descends_from PID ANCESTOR: whether PID is ANCESTOR or one of its descendants.
descends_from() {
  local p=$1
  while [ -n "$p" ] && [ "$p" -gt 1 ]; do
    [ "$p" = "$2" ] && return 0
    p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null)
  done
  return 1
}

# full_build DIR LOG: a build from nothing but the restore (bin/ and obj/Release removed).
full_build() {
  rm -rf "$1/bin" "$1/obj/Release"
  timed_build "$1" "$2"
}

# rebuild DIR LOG: a build after editing one .cs file of the user's own (its constant changes).
rebuild() {
  local revision
  revision=$(( $(grep -o 'Revision = [0-9]*' "$1/Edited.cs" | grep -o '[0-9]*$') + 1 ))
  sed -i "s/Revision = [0-9]*/Revision = $revision/" "$1/Edited.cs"
  timed_build "$1" "$2"
}

dll_bytes() { stat -c %s "$1/bin/Release/net10.0/App.dll"; }

# run_app DIR: runs the built app; prints its output, with "launch-to-first-name-ms" added.
run_app() {
  local start out
  start=$(date +%s%N)
  out=$("$1/bin/Release/net10.0/App") || { echo "error: $1 failed to run" >&2; return 1; }
  local at
  at=$(awk '/^first-name-at-unix-ns/ {print $2}' <<< "$out")
  echo "$out"
  echo "launch-to-first-name-ms $(awk -v s="$start" -v a="$at" 'BEGIN {printf "%.1f", (a - s) / 1e6}')"
}

# median of the numbers on stdin
median() { sort -g | awk '{a[NR] = $1} END {if (NR == 0) {print "?"} else if (NR % 2) {print a[(NR + 1) / 2]} else {printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}}'; }
