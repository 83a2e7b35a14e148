"""The small samples committed for tests (tests/Makemore.Tests/Data/Lists), drawn from the full lists.

A sample is either a whole list or an even stride through it: lines at index floor(i * n / k) for
i = 0..k-1, which keeps the source's order and spreads over all of it. Each file is UTF-8 without BOM,
LF after every line, and at most MAX_BYTES long (checked).
"""

import os
from dataclasses import dataclass
from typing import Optional

MAX_BYTES = 150 * 1024


@dataclass(frozen=True)
class Sample:
    file: str
    list_name: str
    count: Optional[int] = None  # None: the whole list

    def draw(self, lines):
        if self.count is None or self.count >= len(lines):
            return list(lines)
        n, k = len(lines), self.count
        return [lines[i * n // k] for i in range(k)]

    def how(self, total):
        if self.count is None or self.count >= total:
            return f"the whole list ({total:,} lines)"
        return (f"{self.count:,} of {total:,} lines: line index floor(i * {total} / {self.count}) "
                f"for i = 0..{self.count - 1} (an even stride, source order)")


SAMPLES = [
    Sample("cities-2000.txt", "cities", 2000),
    Sample("pokemon-en.txt", "pokemon-en"),
    Sample("pokemon-ja.txt", "pokemon-ja"),
    Sample("pokemon-ko.txt", "pokemon-ko"),
    Sample("pokemon-zh-hans.txt", "pokemon-zh-hans"),
    Sample("pokemon-ru.txt", "pokemon-ru"),
    Sample("pokemon-th.txt", "pokemon-th"),
    Sample("english-words-14000.txt", "english-words", 14000),
    Sample("middle-earth.txt", "middle-earth"),
    Sample("star-wars.txt", "star-wars"),
    Sample("cat-names.txt", "cat-names"),
    Sample("human-names-10000.txt", "human-names", 10000),
    Sample("chinese-poets.txt", "chinese-poets"),
    Sample("japanese-given-names.txt", "japanese-given-names"),
    Sample("japanese-surnames.txt", "japanese-surnames"),
    Sample("brands-5000.txt", "brands", 5000),
]


def write_lines(path, lines):
    for i, line in enumerate(lines):
        if "\n" in line or "\r" in line:
            raise SystemExit(f"error: {path}: name {i + 1} holds a line break: {line!r}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")


def write_samples(lists, dest):
    """Writes every sample from lists (list name -> lines); returns (sample, lines) pairs."""
    os.makedirs(dest, exist_ok=True)
    for stale in set(os.listdir(dest)) - {s.file for s in SAMPLES}:
        if stale.endswith(".txt"):
            os.remove(os.path.join(dest, stale))
    written = []
    for sample in SAMPLES:
        lines = sample.draw(lists[sample.list_name])
        path = os.path.join(dest, sample.file)
        write_lines(path, lines)
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise SystemExit(f"error: {path} is {size} bytes, over {MAX_BYTES}")
        written.append((sample, lines))
    return written
