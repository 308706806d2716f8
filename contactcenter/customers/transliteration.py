"""Names across scripts: one consonant skeleton per name word, the same for a name written in
Arabic script and for its usual French/English spellings ("محمد بناني", "Mohamed Bennani",
"Mohammed Benani" all give ["mhmd", "bn"]).

The skeleton keeps the consonants people write the same way in both scripts and drops what
varies: vowels and the letters that stand for them (ا و ي ى ة, a e i o u y w), the silent
ain (ع), doubled letters, the article (al-, el-, ez-...). Letters that one script tells apart
and the other does not share one symbol: ح and ه are "h", س and ص "s", ت and ط "t", ك, ق and
ڭ "k" (q, c before a/o/u, g), ش "C" (ch, sh), خ "X" (kh), غ "G" (gh). A word ending in
"-aoui" / "-اوي" keeps a final "w" ("Zahraoui" is not "Zahra").

No maintained library does this for Maghrebi names (the general transliterators romanize
Arabic letter by letter, which does not meet the French spellings); the mapping is small and
measured on a list of names in tests/customers/test_names_across_scripts.py.
"""

from __future__ import annotations

import functools
import re

from contactcenter.customers.text import fold

# Arabic letters (after text.fold: alef forms and alef maqsura folded) to symbols;
# the vowel letters, hamza and ain give nothing.
_ARABIC = str.maketrans({
    "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": "t", "ج": "j", "ح": "h", "ه": "h",
    "خ": "X", "د": "d", "ذ": "d", "ض": "d", "ظ": "d", "ر": "r", "ز": "z", "س": "s",
    "ص": "s", "ش": "C", "غ": "G", "ف": "f", "ڤ": "f", "ق": "k", "ك": "k", "ڭ": "k",
    "گ": "k", "ل": "l", "م": "m", "ن": "n",
    "ا": None, "و": None, "ي": None, "ى": None, "ء": None, "ؤ": None, "ئ": None, "ع": None,
})
_ARABIC_LETTERS = re.compile(r"[\u0621-\u064a\u067e\u0686\u06a4\u06a9\u06ad\u06af]")
# The letters after which the article's lam is not pronounced (nor written in French).
_SUN_LETTERS = "تثدذرزسشصضطظلن"
# The article inside a name joined to the word before it (عبد الرحيم as عبدالرحيم).
_ARABIC_ARTICLE_INSIDE = re.compile(f"^((?:عبد|ابو|بو|ابن|بن|ايت|ولد)+)ال(?=[{_SUN_LETTERS}])")

# Latin spellings, in order: longest first where they overlap.
_LATIN_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), replacement) for pattern, replacement in [
        (r"(?:a|ou|w)(?:ou|w)i$|awi$", "W"),  # -aoui, -awi: a final w (Zahraoui)
        (r"oui$|wi$", "W"),  # Alaoui, Alawi
        (r"sch|ch|sh", "C"),
        (r"kh", "X"),
        (r"(?<!r)rh", "G"),  # Rhazaoui, Rhita: the French spelling of غ
        (r"gh", "G"),
        (r"dj", "j"),
        (r"dh", "d"),
        (r"th", "t"),
        (r"ph", "f"),
        (r"ck|q", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"g(?=[eiy])", "j"),  # French "ge", "gi": Gerrari / Jerrari
        (r"g", "k"),  # a hard g is ڭ or ق in Morocco
        (r"x", "ks"),
        (r"v", "f"),
        (r"p", "b"),
        (r"[aeiouyw]", ""),
    ]
]
_ARABIC_AOUI = re.compile(r"(?:اوي|وي)$")
_DOUBLES = re.compile(r"(.)\1+")
_LATIN_ABDEL_SUN = re.compile(r"abd[aeu]l(?=[tdrzsn])")
_WORD_SEPARATORS = re.compile(r"[\s\-'’.,_/]+")
_NOT_A_KEY = re.compile(r"[^a-zA-Z]")

# Articles written as a word of their own, dropped.
_LATIN_ARTICLES = {"el", "al", "l", "ez", "es", "ed", "et", "er", "en", "ech", "ad", "as",
                   "az", "ar", "at", "an", "ach"}
_ARABIC_ARTICLES = {"ال"}
# Words that belong to the next one: "Ben Jelloun" is "Benjelloun", "Abd El Kader" is
# "Abdelkader", "بن جلون" is "بنجلون".
_LATIN_JOINERS = {"ben", "bin", "ibn", "bou", "abou", "abu", "ait", "ould", "abd", "abdel",
                  "abdul", "abdal"}
_ARABIC_JOINERS = {"بن", "ابن", "بو", "ابو", "ايت", "ولد", "عبد"}


def word_keys(name: str) -> list[frozenset[str]]:
    """The skeletons of a name's words, in order: for each word the readings it may have
    (the article kept or not: "الياس" is Ilyas, "التازي" is Tazi; "Elidrissi" is Idrissi).
    Words of vowels only have none and are left out. The same name in either script gives
    readings that meet word for word."""
    # The ta marbuta is read as a vowel (Fatima, فاطمة), but as a t after an alef (Najat,
    # نجاة): dropped or made a ta before fold makes it a ha.
    name = name.replace("اة", "ات").replace("ة", "")
    readings = [_word_readings(word) for word in _joined_words(fold(name))]
    return [reading for reading in readings if reading]


def name_keys(name: str) -> list[str]:
    """What is stored to find a name across scripts (an indexed array): every reading of
    every word, and of every two words next to each other written as one ("Fatima Zahra"
    also as "Fatimazahra", "نور الدين" as "Noureddine")."""
    words = word_keys(name)
    keys: dict[str, None] = {}
    for reading in words:
        keys.update(dict.fromkeys(sorted(reading)))
    for first, second in zip(words, words[1:], strict=False):
        keys.update(dict.fromkeys(sorted(joined_readings(first, second))))
    return list(keys)


def joined_readings(first: frozenset[str], second: frozenset[str]) -> frozenset[str]:
    """The readings of two words written as one."""
    return frozenset(_DOUBLES.sub(r"\1", a + b) for a in first for b in second)


def _joined_words(folded: str) -> list[str]:
    words = [word for word in _WORD_SEPARATORS.split(folded) if word]
    joined: list[str] = []
    pending = ""
    for index, word in enumerate(words):
        is_last = index == len(words) - 1
        if word in _LATIN_JOINERS or word in _ARABIC_JOINERS:
            if not is_last:
                pending += word
                continue
        elif word in _LATIN_ARTICLES or word in _ARABIC_ARTICLES:
            if pending:  # "Abd El Kader": the article stays inside the joined word
                pending += "ال" if word in _ARABIC_ARTICLES else word
                continue
            if not is_last or joined:
                continue
        joined.append(pending + word)
        pending = ""
    return joined


# Readings kept per process: names repeat (a few thousand first and family names make most
# records); reading a word costs about 30 µs, a kept one under 1.
@functools.lru_cache(maxsize=65536)
def _word_readings(word: str) -> frozenset[str]:
    if _ARABIC_LETTERS.search(word):
        readings = {_arabic_key(word)}
        if word.startswith("ال") and len(word) > 3:  # an article, or "Ilyas", "Alami"...
            readings = {_arabic_key(word[2:])}
            if word[2] not in _SUN_LETTERS:  # the lam is heard: "الياس" is also Ilyas
                readings.add(_arabic_key(word))
        return frozenset(reading for reading in readings if reading)
    readings = {_latin_key(word)}
    if "gu" in word:  # "Guessous", "Guezouli": a French spelling of ج too
        readings.add(_latin_key(word.replace("gu", "j")))
    if _LATIN_ABDEL_SUN.match(word):  # "Abdelrahim" as "Abderrahim"
        readings.add(_latin_key("abd" + word[5:]))
    if word[:2] in ("el", "al") and len(word) > 4:  # "Elidrissi": El Idrissi, or Elias
        bare = _latin_key(word[2:])
        if len(bare) >= 2:
            readings.add(bare)
    return frozenset(reading for reading in readings if reading)


def _arabic_key(word: str) -> str:
    final = "W" if _ARABIC_AOUI.search(word) and len(word) > 3 else ""
    if final:
        word = _ARABIC_AOUI.sub("", word)
    # عبدالرحيم is Abderrahim: the article's lam before a sun letter is not heard (a Latin
    # "Abdelrahim" has a reading without it, see _word_readings).
    word = _ARABIC_ARTICLE_INSIDE.sub(r"\1ا", word)
    return _DOUBLES.sub(r"\1", _NOT_A_KEY.sub("", word.translate(_ARABIC)) + final)


def _latin_key(word: str) -> str:
    for pattern, replacement in _LATIN_RULES:
        word = pattern.sub(replacement, word)
    return _DOUBLES.sub(r"\1", _NOT_A_KEY.sub("", word))
