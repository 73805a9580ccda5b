"""Subtitle cue text: its markup (tags, ASS codes, speaker dashes and labels, music notes), the
split of a sentence's translation back over the cues it spanned, and each cue's line wrapping."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from glossary.span import Span

# Inline markup of SRT and WebVTT cues: <i>, </i>, <font color="…">, <c.yellow>, <v Ana>, VTT
# timestamps <00:01.000>, and the ASS override codes SRT files carry ({\an8}, {\i1}).
_TAG = re.compile(r"</?([A-Za-z][\w-]*)[^<>\n]*>|<\d[\d:.]*>|\{\\[^{}\n]*\}")
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#[xX][0-9A-Fa-f]+);")
_NOTES = re.compile(r"[♪♫]+")
# At the start of a line (after any tags): a dialogue dash, or a speaker's label in capitals.
_TURN = re.compile(r"[-–—]+ ?")
_LABEL = re.compile(r"[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ0-9 .'&-]{0,28}[A-ZÁÉÍÓÚÑÜ0-9.]:(?= |$) ?")
_VOICE = re.compile(r"\s*<v[ .]([^<>\n]*)>")  # WebVTT's <v Ana>, <v.loud Ana>
_LEADING_TAGS = re.compile(r"(?:\s*(?:</?[A-Za-z][^<>\n]*>|\{\\[^{}\n]*\}))*\s*")
# A word for cutting and wrapping: a run of non-spaces, a tag with spaces inside counting as one.
_WORD = re.compile(r"(?:<[^<>\n]*>|\{[^{}\n]*\}|[^\s<{]|[<{])+")
# Where a cue begins or ends with continuation marks or markup, a cut there is likely right.
_LEAD = re.compile(r"^(?:<[^<>\n]*>|\{\\[^{}\n]*\}|\.\.\.|…|[-–—♪♫])+")
_TAIL = re.compile(r"(?:</[^<>\n]*>|\.\.\.|…|[♪♫])+$")
_CLOSERS = "\"'»”’)]*"
# English words a line or a cue should not end with.
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for from with and or but nor as that than if my your his her its"
    " our their this these those is are was were".split()
)
_BREAK = (0, -120, -200)  # what a line break after no, weak or strong punctuation is worth
# Engines capitalise after "...": "...the potion" comes back "...The potion". These words are
# lowered again where the source cue went on in lower case.
_LOWERED = _FUNCTION_WORDS | frozenset(
    "it they he she we you who which what when where there here not no so then yet only even"
    " also just still".split()
)
_FIRST_WORD = re.compile(r"(?:<[^<>\n]*>|\{\\[^{}\n]*\}|[\s.…\-–—♪♫\"'«“‘(\[¿¡])*([A-Z][a-z]*)\b")
_PAIRED = {"i", "b", "u", "s", "font", "c", "v", "lang", "span", "ruby", "rt"}


@dataclass(frozen=True)
class Markup:
    """A cue's text as one line, with what must pass through: protected spans and tag pairs."""

    text: str
    protected: tuple[Span, ...]
    tags: tuple[tuple[Span, Span], ...]


def read_cue(lines: Sequence[str]) -> Markup:
    """A cue's payload lines joined by spaces (the lines are wrapped again after translation),
    with its tags paired and its line-start dashes, labels, notes and entities protected."""
    parts = [line.strip() for line in lines if line.strip()]
    text = " ".join(parts)
    protected: list[Span] = []
    pos = 0
    for part in parts:
        lead = _LEADING_TAGS.match(part).end()
        start = _TURN.match(part, lead) or _LABEL.match(part, lead)
        if start and start.end() < len(part):
            protected.append(Span(pos + start.start(), pos + start.end()))
        pos += len(part) + 1
    protected += [Span(m.start(), m.end()) for p in (_ENTITY, _NOTES) for m in p.finditer(text)]
    tags, unpaired = _pair_tags(text)
    return Markup(text, tuple(sorted(protected + unpaired)), tuple(tags))


def _pair_tags(text: str) -> tuple[list[tuple[Span, Span]], list[Span]]:
    """Opening and closing tags of the same name, paired; the rest (a VTT <v> left open, an
    ASS code, a stray </i>) are single pieces."""
    pairs, single, opened = [], [], []
    for m in _TAG.finditer(text):
        span, name = Span(m.start(), m.end()), (m.group(1) or "").lower()
        if name not in _PAIRED:
            single.append(span)
        elif not m.group().startswith("</"):
            opened.append((name, span))
        else:
            at = next((i for i in range(len(opened) - 1, -1, -1) if opened[i][0] == name), None)
            if at is None:
                single.append(span)
            else:
                pairs.append((opened.pop(at)[1], span))
    single += [span for _, span in opened]
    return sorted(pairs), single


def visible(text: str) -> str:
    """What a viewer sees of a cue's text: no tags or codes, an entity as one character."""
    return _ENTITY.sub("&", _TAG.sub("", text))


def has_words(text: str) -> bool:
    """The cue has something to translate (not just "♪", markup or punctuation)."""
    return any(c.isalpha() for c in _NOTES.sub("", visible(text)))


def _starts_turn(text: str, before: str) -> bool:
    """The cue starts a new speaker's turn: a dash, a label, another voice than `before`'s."""
    lead = _LEADING_TAGS.match(text).end()
    voice = _VOICE.match(text)
    if voice:
        return voice.group(1) != ((m := _VOICE.match(before)) and m.group(1))
    return bool(_TURN.match(text, lead) or _LABEL.match(text, lead))


def continues(text: str, following: str) -> bool:
    """The sentence of cue `text` runs on into the next cue: "Y entonces," / "llegamos a casa.",
    "Debo haber..." / "...me he quedado dormida", "abejas al..." / "...panal!"."""
    start = visible(following).lstrip()
    if _starts_turn(following, text) or start.startswith(("[", "(")):  # a speaker, "[risas]"
        return False
    end = visible(text).rstrip().rstrip(_CLOSERS).rstrip()
    marked = start.startswith(("...", "…"))
    first = start.lstrip(".… ").lstrip("¿¡\"'«“‘([")[:1]
    if end.endswith(("...", "…")):
        return marked or first.islower()
    if end.endswith((".", "!", "?")):
        return first.islower()
    if end.endswith((",", ";", ":", "-", "–", "—")):
        return True
    return marked or first.islower() or first.isdigit()


def _words(text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in _WORD.finditer(text)]


def _ends_clause(word: str) -> int:
    """2 after a sentence's end, 1 after a comma, semicolon, colon or dash, else 0."""
    word = visible(word).rstrip(_CLOSERS)
    if word.endswith((".", "!", "?", "…")):
        return 2
    return 1 if word.endswith((",", ";", ":", "-", "–", "—")) else 0


def _dangles(word: str) -> bool:
    return visible(word).lower() in _FUNCTION_WORDS


def split_over(target: str, sources: Sequence[str], capacity: int) -> list[Span]:
    """Where each cue's share of a translation is in `target`, for the cues whose texts were
    `sources`: each gets a share of the words in proportion to its source's length, moved to a
    nearby clause end or continuation mark where there is one; no cue gets more than
    `capacity` characters when that can be avoided. Fewer words than cues leave the last cues
    empty."""
    words, n = _words(target), len(sources)
    if not words:
        return [Span(0, 0)] * n
    if n == 1:
        return [Span(words[0].start, words[-1].end)]
    if len(words) < n:
        spans = [Span(w.start, w.end) for w in words]
        return spans + [Span(words[-1].end, words[-1].end)] * (n - len(words))
    text = [target[w.start : w.end] for w in words]
    before = _before([len(visible(t)) for t in text])
    total = before[-1] - 1
    shares = [max(1, len(visible(s))) for s in sources]
    ideal = [total * sum(shares[: k + 1]) / sum(shares) for k in range(n - 1)]
    leads = [m.group() if (m := _LEAD.match(s)) else "" for s in sources]
    tails = [m.group() if (m := _TAIL.search(s)) else "" for s in sources]
    clause = [7 * _ends_clause(t) - (6 if _dangles(t) else 0) for t in text]

    def cut(k: int, j: int) -> float:  # cut k (after cue k) before word j
        cost = abs(before[j] - 1 - ideal[k]) - clause[j - 1]
        if leads[k + 1] and text[j].startswith(leads[k + 1]):
            cost -= 10
        if tails[k] and text[j - 1].endswith(tails[k]):
            cost -= 10
        return cost

    def piece(width: int) -> float:
        return 3 * (width - capacity) if width > capacity else 0

    # No cue's share is longer than twice the capacity or twice the average: the search stays
    # linear in the words, and a solution is always possible.
    ends = _partition(before, n, piece, cut, max(2 * capacity, 2 * total // n))
    return [Span(words[a].start, words[b - 1].end) for a, b in zip([0, *ends[:-1]], ends)]


def _before(lengths: Sequence[int]) -> list[int]:
    """For each word j, the visible characters before it, a space after each word counted."""
    before = [0]
    for length in lengths:
        before.append(before[-1] + length + 1)
    return before


def _partition(
    before: Sequence[int],
    count: int,
    piece: Callable[[int], float],
    cut: Callable[[int, int], float],
    longest: int | None = None,
) -> list[int]:
    """The cheapest cut of the words into `count` runs (the end of each): each run costs
    piece(its width), the k-th cut before word j costs cut(k, j). No run is wider than
    `longest` unless it is a single word."""
    m = len(before) - 1
    first = [0] * (m + 1)  # the first start a run ending at j may have
    for j in range(1, m + 1):
        first[j] = first[j - 1]
        while (
            longest is not None and first[j] < j - 1 and before[j] - before[first[j]] - 1 > longest
        ):
            first[j] += 1
    cuts = [[cut(k, j) if j else 0.0 for j in range(m)] for k in range(count - 1)]
    # best[k][j]: the cheapest way to make words [0, j) into k + 1 runs.
    best = [[float("inf")] * (m + 1) for _ in range(count)]
    back = [[0] * (m + 1) for _ in range(count)]
    for j in range(1, m + 1):
        best[0][j] = piece(before[j] - 1) if first[j] == 0 else float("inf")
    for k in range(1, count):
        row, previous, costs = best[k], best[k - 1], cuts[k - 1]
        for j in range(k + 1, m + 1):
            for i in range(max(k, first[j]), j):
                cost = previous[i] + costs[i] + piece(before[j] - before[i] - 1)
                if cost < row[j]:
                    row[j], back[k][j] = cost, i
    ends, j = [m], m
    for k in range(count - 1, 0, -1):
        j = back[k][j]
        ends.append(j)
    return ends[::-1]


def balance(pieces: Sequence[str]) -> list[str]:
    """Each piece's tags closed at its end and opened again at the next piece's start, so that
    italics cut by a split still show in both cues. A tag the text never closes (WebVTT's
    `<v Ana>` may stay open to the cue's end) is opened again but not closed."""
    closed = {
        m.group(1).lower() for p in pieces for m in _TAG.finditer(p) if m.group().startswith("</")
    }
    out, carried = [], []
    for text in pieces:
        if not text.strip():
            out.append(text)
            continue
        text = "".join(tag for tag in carried if not text.startswith(tag)) + text
        opened: list[tuple[str, str]] = []
        for m in _TAG.finditer(text):
            name = (m.group(1) or "").lower()
            if name not in _PAIRED:
                continue
            if not m.group().startswith("</"):
                opened.append((name, m.group()))
            elif any(n == name for n, _ in opened):
                opened.pop(max(i for i, (n, _) in enumerate(opened) if n == name))
        text += "".join(f"</{name}>" for name, _ in reversed(opened) if name in closed)
        carried = [tag for _, tag in opened]
        out.append(text)
    return out


def match_case(piece: str, source: str) -> str:
    """The piece of a split translation, its first word lowered again when its cue's source
    went on in lower case ("...¡la poción!" → "...the potion!", not "...The potion!")."""
    word = _FIRST_WORD.match(piece)
    if not word or word.group(1).lower() not in _LOWERED or not _starts_lower(source):
        return piece
    return piece[: word.start(1)] + word.group(1).lower() + piece[word.end(1) :]


def _starts_lower(source: str) -> bool:
    letters = [c for c in visible(source) if c.isalpha()]
    return bool(letters) and letters[0].islower()


def wrap(text: str, max_chars: int, turns: bool = False) -> list[str]:
    """A cue's text in lines: one line when it fits, else as few as fit `max_chars` (at least
    two), balanced, broken after punctuation rather than after "the" or "of". With `turns`
    (the source put each speaker's dash on a line of its own) each dash starts a line."""
    words = _words(text)
    if not words:
        return []
    texts = [text[w.start : w.end] for w in words]
    if turns:
        starts = [j for j, t in enumerate(texts) if re.fullmatch(r"[-–—]+", visible(t))]
        if len(starts) >= 2 or (starts and starts[0] > 0):
            bounds = sorted({0, *starts}) + [len(words)]
            return [text[words[a].start : words[b - 1].end] for a, b in zip(bounds, bounds[1:])]
    lengths = [len(visible(t)) for t in texts]
    before = _before(lengths)
    if before[-1] - 1 <= max_chars:
        return [text[words[0].start : words[-1].end]]
    count = min(max(2, _greedy_lines(lengths, max_chars)), len(words))
    # After a clause, not after "the"; a first line no longer than the second, as a tie-break.
    breaks = [_BREAK[_ends_clause(t)] + (120 if _dangles(t) else 0) for t in texts]

    def line(width: int) -> float:
        return width * width + 100_000 * max(0, width - max_chars)

    def brk(k: int, j: int) -> float:
        pyramid = k == 0 and count == 2 and before[j] - 1 > before[-1] - before[j] - 1
        return breaks[j - 1] + pyramid

    ends = _partition(before, count, line, brk)
    return [text[words[a].start : words[b - 1].end] for a, b in zip([0, *ends[:-1]], ends)]


def _greedy_lines(lengths: Sequence[int], width: int) -> int:
    """How many lines of at most `width` the words take, filled one after the other."""
    lines, used = 1, 0
    for length in lengths:
        if used and used + 1 + length > width:
            lines, used = lines + 1, length
        else:
            used = used + 1 + length if used else length
    return lines
