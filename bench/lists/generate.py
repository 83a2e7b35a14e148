"""Synthetic lists, the same bytes on every run: big lists for scale, a Chinese list for a big alphabet.

Randomness comes only from `random.Random(seed).random()`, whose sequence for an integer seed Python
promises not to change between versions; choices are made from it with cumulative weights and bisect
(not `random.choices`, whose internals may change).
"""

import bisect
import re
from collections import Counter, defaultdict

# A syllable: optional consonants, then vowels; a name's last consonants stay with its last syllable.
SYLLABLE = re.compile(r"[^aeiouy]*[aeiouy]+(?:[^aeiouy]+$)?|[^aeiouy]+$")
START, END = "", None
MAX_SYLLABLES = 8


def syllables(name):
    parts = SYLLABLE.findall(name)
    if "".join(parts) != name:
        raise ValueError(f"syllable split of {name!r} loses letters: {parts}")
    return parts


class Table:
    """A weighted choice among outcomes, drawn with one uniform number."""

    def __init__(self, counts):
        self.outcomes = list(counts)
        self.cumulative = []
        total = 0
        for outcome in self.outcomes:
            total += counts[outcome]
            self.cumulative.append(total)
        self.total = total

    def draw(self, u):
        return self.outcomes[bisect.bisect_right(self.cumulative, u * self.total)]


def syllable_chain(names):
    """A first-order Markov chain over syllables: previous syllable -> table of the next (END ends)."""
    counts = defaultdict(Counter)
    for name in names:
        previous = START
        for s in syllables(name):
            counts[previous][s] += 1
            previous = s
        counts[previous][END] += 1
    # Sorted keys: the tables (and so the output) do not depend on dict insertion order of the input.
    return {k: Table({o: c[o] for o in sorted(c, key=lambda o: (o is None, o or ""))}) for k, c in
            sorted(counts.items())}


def recombined_names(seed_names, count, rng):
    """count names drawn from the syllable chain of seed_names, lowercase a-z like the lecture's list."""
    chain = syllable_chain(seed_names)
    for _ in range(count):
        parts = []
        state = START
        while len(parts) < MAX_SYLLABLES:
            nxt = chain[state].draw(rng.random())
            if nxt is END:
                break
            parts.append(nxt)
            state = nxt
        yield "".join(parts)


def chinese_names(surnames, given_chars, count, rng):
    """count names: a surname of the list, then one given character (30%) or two (70%), all uniform."""
    for _ in range(count):
        surname = surnames[int(rng.random() * len(surnames))]
        length = 1 if rng.random() < 0.3 else 2
        given = "".join(given_chars[int(rng.random() * len(given_chars))] for _ in range(length))
        yield surname + given
