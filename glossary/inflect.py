"""Spanish number and gender inflection, English plurals, for glossary terms (regular forms)."""

from __future__ import annotations

import re

# Words that end the inflecting head of a Spanish noun phrase: in "modelo de lenguaje" only
# "modelo" takes the plural, in "red neuronal profunda" every word does.
SPANISH_LINKERS = frozenset(
    "de del por para en a al con sin sobre entre contra hacia hasta según que y o e u".split()
)
_UNSTRESS = str.maketrans("áéíóú", "aeiou")
_STRESS = str.maketrans("aeiou", "áéíóú")
_STRESSED_FINAL = re.compile(r"[áéíóú][nsl]?$")
_VOWELS = "aeiouáéíóú"


def spanish_plurals(word: str) -> list[str]:
    """Regular plural(s) of one Spanish noun or adjective; [] when it does not inflect."""
    if not word.isalpha() or len(word) < 2:
        return []
    low = word.lower()
    if low[-1] in "sx" and not _STRESSED_FINAL.search(low):
        return []  # análisis, tórax, virus: invariable
    if low[-1] in "aeiou" or low[-1] in "éó":
        return [word + "s"]
    if low[-1] == "á":
        return [word + "s"]
    if low[-1] in "íú":
        return [word + "es", word + "s"]
    if low[-1] == "z":
        return [word[:-1] + "ces"]
    if low[-1] == "y":
        return [word + "es"]
    if _STRESSED_FINAL.search(low) and low[-2] not in "íú":
        # acción -> acciones, inglés -> ingleses lose the accent; país -> países keeps it.
        return [word[:-2] + word[-2].translate(_UNSTRESS) + word[-1] + "es"]
    if low[-1] not in "lrndj":
        return [word + "s"]  # loanwords: tokens, chatbots, benchmarks
    if low.endswith("en") and len(low) > 4 and not any(c in low for c in "áéíóú"):
        # examen -> exámenes, imagen -> imágenes: the stress now needs a written accent.
        i = max(low.rfind(v, 0, len(low) - 2) for v in "aeiou")
        if i >= 0:
            accented = word[:i] + word[i].translate(_STRESS) + word[i + 1 :]
            return [accented + "es", word + "s"]  # "tokens": loanwords keep -s
    return [word + "es"]


def spanish_phrase_plurals(phrase: str) -> list[str]:
    """Plural forms of a Spanish term: the words before the first linker all take the plural
    ("red neuronal" -> "redes neuronales", "modelo de lenguaje" -> "modelos de lenguaje")."""
    words = phrase.split(" ")
    head = []
    for w in words:
        if w.lower() in SPANISH_LINKERS:
            break
        head.append(w)
    if not head or not all(w.isalpha() for w in head) or any(w[:1].isupper() for w in head[1:]):
        return []  # names and mixed tokens: "GPT-4", "Redes Neuronales Profundas" (a title)
    options = [spanish_plurals(w) for w in head]
    if not all(options):
        return []
    rest = " ".join(words[len(head) :])
    variants = [[]]
    for opts in options:
        variants = [v + [o] for v in variants for o in opts]
    return [" ".join(v) + (" " + rest if rest else "") for v in variants]


# An entry is taken for an adjective when both sides look like one ("infectado": "infected",
# "respiratorio": "respiratory"): it then agrees in gender and number, and English does not
# pluralise it. Nouns ending in -o/-a ("caso", "casa") never change gender.
_ES_ADJECTIVE = re.compile(r"(ad|id|ic|iv|os|ari|ori|al|an|ient|ent)[oa]s?$|(al|ar|ble|ente|ante)$")
_EN_ADJECTIVE = re.compile(r"(ed|ic|ical|ive|ous|ary|ory|al|ar|ble|ful|less|ant|ent|ese|ian)$")


def is_adjective(spanish: str, english: str) -> bool:
    return (
        " " not in spanish.strip()
        and bool(_ES_ADJECTIVE.search(spanish.lower()))
        and bool(_EN_ADJECTIVE.search(english.lower().split(" ")[-1]))
    )


def spanish_gender_variants(phrase: str, adjective: bool = False) -> list[str]:
    """Other-gender forms: of an adjective entry, or of the adjectives after the head noun of
    a multi-word term ("paciente infectado" -> "paciente infectada")."""
    words = phrase.split(" ")
    if len(words) == 1:
        return [_other_gender(words[0])] if adjective and _other_gender(words[0]) else []
    swapped = list(words)
    for i, w in enumerate(words[1:], 1):
        if w.lower() in SPANISH_LINKERS:
            break
        other = _other_gender(w)
        if other:
            swapped[i] = other
    return [" ".join(swapped)] if swapped != words else []


def _other_gender(word: str) -> str | None:
    if not word.isalpha() or len(word) < 4 or word[:1].isupper():
        return None
    if word.endswith("o"):
        return word[:-1] + "a"
    if word.endswith("a"):
        return word[:-1] + "o"
    return None


def english_plural(phrase: str) -> str:
    """Regular English plural of a term: the last word, or the word before 'of'/'for'."""
    words = phrase.split(" ")
    index = len(words) - 1
    for linker in ("of", "for", "in", "on", "with"):
        if linker in words[1:]:
            index = words.index(linker) - 1
            break
    words[index] = _english_word_plural(words[index])
    return " ".join(words)


def _english_word_plural(word: str) -> str:
    low = word.lower()
    if not word[-1:].isalpha():
        return word
    if low.endswith("sis"):
        return word[:-2] + "es"  # hypothesis -> hypotheses, analysis -> analyses
    if re.search(r"(s|x|z|ch|sh)$", low):
        return word + "es"
    if re.search(r"[^aeiou]y$", low):
        return word[:-1] + "ies"
    return word + "s"
