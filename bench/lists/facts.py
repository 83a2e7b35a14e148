"""The facts of a list that decide the library's limits: sizes, alphabet, and every kind of odd character.

A "line" is one name as written to the list file (not trimmed). Characters are Unicode code points; the
UTF-16 figures are what a .NET `char` sees (a character outside the BMP is two surrogate chars).
Categories come from Python's unicodedata (its Unicode version is printed with the facts).
"""

import hashlib
import itertools
import unicodedata
from collections import Counter

# Checks on characters: a line passes when it holds one character that passes.
CHAR_CHECKS = {
    "space": (lambda c: c == " ", "hold U+0020"),
    "dot": (lambda c: c == ".", "hold '.'"),
    "ascii_digit": (lambda c: "0" <= c <= "9", "hold 0-9"),
    "other_digit": (lambda c: unicodedata.category(c) == "Nd" and not "0" <= c <= "9",
                    "hold a decimal digit outside 0-9"),
    "non_bmp": (lambda c: ord(c) > 0xFFFF, "hold a character outside the BMP"),
    "control": (lambda c: unicodedata.category(c) == "Cc", "hold a control character (Cc)"),
    "format": (lambda c: unicodedata.category(c) == "Cf", "hold a format character (Cf)"),
    "private_use": (lambda c: unicodedata.category(c) == "Co", "hold a private-use character"),
    "unassigned": (lambda c: unicodedata.category(c) == "Cn", "hold an unassigned code point"),
    "other_space": (lambda c: c.isspace() and c != " ", "hold whitespace other than U+0020 (tab, U+3000, NBSP...)"),
    "mark": (lambda c: unicodedata.category(c).startswith("M"), "hold a combining mark"),
    "right_to_left": (lambda c: unicodedata.bidirectional(c) in ("R", "AL"), "hold a right-to-left letter"),
    "replacement": (lambda c: c == "\ufffd", "hold U+FFFD (text once decoded wrongly)"),
    "upper": (lambda c: c.isupper(), "hold an uppercase letter"),
}
# Checks on whole lines.
LINE_CHECKS = {
    "blank": (lambda s: s.strip() == "", "are empty or whitespace only"),
    "untrimmed": (lambda s: s != s.strip(), "start or end with whitespace"),
    "not_nfc": (lambda s: not unicodedata.is_normalized("NFC", s), "are not in Unicode NFC"),
}
MEANINGS = {name: meaning for name, (_, meaning) in {**CHAR_CHECKS, **LINE_CHECKS}.items()}


def utf16_length(s):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


def facts(lines, path=None):
    counts = Counter(lines)
    chars = Counter(itertools.chain.from_iterable(lines))
    longest = max(lines, key=len) if lines else ""
    checks, examples = {}, {}
    for name, (check, _) in CHAR_CHECKS.items():
        hits = {c for c in chars if check(c)}
        matching = [s for s in lines if not hits.isdisjoint(s)] if hits else []
        checks[name], examples[name] = len(matching), matching[0] if matching else None
    for name, (check, _) in LINE_CHECKS.items():
        matching = [s for s in lines if check(s)]
        checks[name], examples[name] = len(matching), matching[0] if matching else None
    f = {
        "lines": len(lines),
        "distinct_lines": len(counts),
        "duplicate_lines": len(lines) - len(counts),
        "most_repeated": counts.most_common(1)[0] if counts else None,
        "distinct_chars": len(chars),
        "distinct_utf16_units": len({u for c in chars for u in utf16_units(c)}),
        "longest_chars": len(longest),
        "longest_utf16": max([len(longest)] + [utf16_length(s) for s in lines if not s.isascii()]),
        "longest": longest,
        "mean_chars": round(sum(map(len, lines)) / len(lines), 2) if lines else 0,
        "checks": checks,
        "examples": examples,
        "odd_chars": odd_characters(chars),
        "unicode_version": unicodedata.unidata_version,
    }
    if path is not None:
        with open(path, "rb") as fh:
            f["bytes"] = len(data := fh.read())
            f["sha256"] = hashlib.sha256(data).hexdigest()
    return f


def utf16_units(c):
    """The UTF-16 code units of one code point, as .NET chars."""
    cp = ord(c)
    if cp <= 0xFFFF:
        return [cp]
    v = cp - 0x10000
    return [0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)]


def odd_characters(chars):
    """Characters that are neither letters nor U+0020, with their count: what a tokenizer must decide about."""
    odd = [(c, n) for c, n in chars.items() if not c.isalpha() and c != " "]
    odd.sort(key=lambda cn: (-cn[1], cn[0]))
    return [f"U+{ord(c):04X} {unicodedata.name(c, unicodedata.category(c))} x{n}" for c, n in odd]
