#!/usr/bin/env bash
# Builds the real and synthetic names lists into artifacts/lists/ and prints the facts of each.
#
#   bench/lists/fetch-lists.sh             # every list, the 6,000,000-line one too (~2 min, ~200 MB of tarballs)
#   bench/lists/fetch-lists.sh --no-big    # without the 6,000,000-line list
#   bench/lists/fetch-lists.sh --samples   # also rewrite the committed samples in tests/Makemore.Tests/Data/Lists
#
# Needs bash, python3 (standard library), npm (packs pinned tarballs from the registry; each is checked against
# its dist.integrity) and node (reads data shipped as JavaScript modules). See bench/lists/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for tool in python3 npm node; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed and not on PATH" >&2; exit 1; }
done
exec python3 "$here/build_lists.py" --root "$(cd "$here/../.." && pwd)" "$@"
