"""`glossary eval`: term accuracy (WMT 2023 terminology task, exact match), chrF and BLEU."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from glossary.document import Block
from glossary.errors import InputError
from glossary.match import Match, Matcher
from glossary.protect import find_protected
from glossary.segment import render_unit, split_block
from glossary.service import TranslationService
from glossary.terms import Glossary, Term
from glossary.verify import find_phrase


@dataclass(frozen=True)
class TermPair:
    """A sentence whose source has a glossary term and whose reference has its English side."""

    line: int
    term: Term
    english: str


def read_lines(path: Path) -> list[str]:
    from glossary.formats import read_bytes

    try:
        return read_bytes(path).decode("utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (invalid byte at offset {e.start})") from None


def term_pairs(sources: Sequence[str], references: Sequence[str], glossary: Glossary):
    """Every (sentence, entry, English side) the metric scores: the entry's Spanish side occurs
    in the source (exact words, any case, acronyms with case; not inside a longer term) and
    that English side occurs in the reference."""
    matcher = Matcher(glossary, variants=False)
    pairs = []
    for line, (src, ref) in enumerate(zip(sources, references)):
        found: dict[Term, list[Match]] = {}
        for match in matcher.find_all(src):
            found.setdefault(match.term, []).append(match)
        in_ref = {
            term: [e for e in term.renderings if find_phrase(ref, e, hyphen_joins=True)]
            for term in found
        }
        scored = [m for term, ms in found.items() if in_ref[term] for m in ms]
        for term, matches in found.items():
            if any(not _inside_longer(m, scored) for m in matches):
                pairs += [TermPair(line, term, english) for english in in_ref[term]]
    return pairs


def _inside_longer(match: Match, others: Sequence[Match]) -> bool:
    return any(
        o.span.contains(match.span) and o.end - o.start > match.end - match.start for o in others
    )


def term_accuracy(pairs: Sequence[TermPair], hypotheses: Sequence[str]) -> float:
    """Share of pairs whose hypothesis has the English side or another listed rendering."""
    if not pairs:
        return 1.0
    hits = sum(
        any(find_phrase(hypotheses[p.line], r, hyphen_joins=True) for r in p.term.renderings)
        for p in pairs
    )
    return hits / len(pairs)


def translate_lines(lines: Sequence[str], service: TranslationService) -> list[str]:
    """Each line is translated on its own (split into sentences inside the line)."""
    units = [split_block(Block(line, tuple(find_protected(line)))) for line in lines]
    service.translate([s for u in units for s in u.segments])
    return [render_unit(u, [s.target for s in u.segments]) for u in units]


def evaluate(
    src: Path, ref: Path, glossary: Glossary, service: TranslationService, out: Path | None = None
) -> dict:
    sources, references = read_lines(src), read_lines(ref)
    for path, lines in ((src, sources), (ref, references)):
        if not any(line.strip() for line in lines):
            raise InputError(f"{path}: no text to evaluate (the file is empty)")
    if len(sources) != len(references):
        raise InputError(f"{src} has {len(sources)} lines but {ref} has {len(references)}")
    started = time.perf_counter()
    hypotheses = translate_lines(sources, service)
    seconds = time.perf_counter() - started
    if out is not None:
        from glossary.files import write_atomic

        try:
            write_atomic(out, "".join(h + "\n" for h in hypotheses))
        except OSError as e:
            raise InputError(f"{out}: cannot write the translations ({e.strerror or e})") from None
    from sacrebleu.metrics import BLEU, CHRF

    pairs = term_pairs(sources, references, glossary)
    differing = [p for p in pairs if p.term.source.casefold() != p.english.casefold()]
    timing = service.timing
    return {
        "sentences": len(sources),
        "term_pairs": len(pairs),
        "term_accuracy": round(term_accuracy(pairs, hypotheses), 4),
        "term_accuracy_differing": round(term_accuracy(differing, hypotheses), 4),
        "term_pairs_differing": len(differing),
        "chrf": round(CHRF().corpus_score(hypotheses, [references]).score, 2),
        "bleu": round(BLEU().corpus_score(hypotheses, [references]).score, 2),
        "seconds": round(seconds, 2),
        "mt_seconds": round(timing.mt, 2),
        "glossary_seconds": round(timing.glossary, 2),
        "glossary_share": round(timing.glossary / seconds, 3) if seconds else 0.0,
    }
