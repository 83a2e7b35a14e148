#!/usr/bin/env bash
# The source tree as docs/architecture.md shows it: every folder of src/ holding C# files, with its number of files
# and lines (find … | xargs wc -l), and each project's total. Run from anywhere; prints Markdown-ready text.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/; do
  project=${project%/}
  total=$(find "$project" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' -print0 | xargs -0 -r cat | wc -l)
  files=$(find "$project" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' | wc -l)
  printf '%-44s %3d files %6d lines\n' "$project/" "$files" "$total"
  find "$project" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' -printf '%h\n' | sort -u | while read -r folder; do
    count=$(find "$folder" -maxdepth 1 -name '*.cs' | wc -l)
    lines=$(find "$folder" -maxdepth 1 -name '*.cs' -print0 | xargs -0 cat | wc -l)
    [ "$folder" = "$project" ] && label="  (root)" || label="  ${folder#"$project"/}/"
    printf '%-44s %3d files %6d lines\n' "$label" "$count" "$lines"
  done
done
