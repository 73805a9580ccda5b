"""Argos Translate packages run directly through CTranslate2, batched, the model loaded once."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from glossary.engines import ATTENTION, CONSTRAIN, NBEST, Hypothesis, Link, MTSegment
from glossary.errors import EngineError
from glossary.span import Span

FROM, TO = "es", "en"
_CHUNK = 1024  # sentences per translate_batch call, sorted by length
MAX_LENGTH = 1020
# Control characters and line separators: SentencePiece drops some of them, gluing the words on
# either side into one ("Uno\x1bdos" became "Unodos"); the model reads them as spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def installed_packages() -> list:
    """Installed Argos packages (argostranslate.package is light; .translate would pull torch)."""
    from argostranslate import package

    try:
        return package.get_installed_packages()
    except (OSError, ValueError) as e:
        raise EngineError(f"cannot read installed Argos packages: {e}") from None


def find_package():
    """The installed es→en translate package with the highest version, or None."""
    found = [
        p
        for p in installed_packages()
        if p.from_code == FROM
        and p.to_code == TO
        and getattr(p, "type", "translate") == "translate"
    ]
    return max(found, key=lambda p: _version(p.package_version), default=None)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", str(text))) or (0,)


def default_threads() -> tuple[int, int]:
    """(inter_threads, intra_threads): on small machines, parallel batches beat parallel matmuls."""
    cores = os.cpu_count() or 1
    inter = int(os.environ.get("GLOSSARY_INTER_THREADS", min(2, cores)))
    intra = int(os.environ.get("GLOSSARY_INTRA_THREADS", max(1, cores // inter)))
    return inter, intra


class ArgosEngine:
    """Translates with the installed Argos es→en package's CTranslate2 model."""

    name = "argos"
    title = "Argos Translate (CTranslate2)"
    capabilities = frozenset({NBEST, CONSTRAIN, ATTENTION})
    auto_order = 10
    install_hint = (
        "'glossary models install' (Argos, needs a network once; or"
        " 'glossary models install FILE.argosmodel' offline)"
    )

    @classmethod
    def available(cls) -> bool:
        return find_package() is not None

    def __init__(
        self,
        package_path: Path | None = None,
        beam_size: int = 4,
        inter_threads: int | None = None,
        intra_threads: int | None = None,
        max_batch_size: int = 32,
    ):
        from argostranslate.package import Package

        package = Package(Path(package_path)) if package_path else find_package()
        if package is None:
            raise EngineError(
                "no Argos Spanish→English package installed: run 'glossary models install'"
                " (or 'glossary models install FILE.argosmodel' offline)"
            )
        self.package = package
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        inter, intra = default_threads()
        self._inter = inter_threads or inter
        self._intra = intra_threads or intra
        self.target_prefix = getattr(package, "target_prefix", "") or ""
        self._model = None
        self._sp = None
        model = Path(package.package_path) / "model" / "model.bin"
        stamp = model.stat().st_mtime_ns if model.exists() else 0
        self.identity = f"argos:{package.package_path}:{package.package_version}:{stamp}"

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def _translator(self):
        """The CTranslate2 model, loaded at first use (a run served from the cache never
        loads it)."""
        self._ensure_loaded()
        return self._model

    def _ensure_loaded(self) -> None:
        if self._model is None:
            self._load()

    def _load(self) -> None:
        import ctranslate2

        model_dir = Path(self.package.package_path) / "model"
        try:
            self._model = ctranslate2.Translator(
                str(model_dir),
                device="cpu",
                inter_threads=self._inter,
                intra_threads=self._intra,
            )
        except (RuntimeError, ValueError) as e:
            raise EngineError(f"{model_dir}: cannot load the Argos model: {e}") from None
        sp_model = Path(self.package.package_path) / "sentencepiece.model"
        if sp_model.exists():
            import sentencepiece

            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))

    def encode(self, text: str) -> list[str]:
        self._ensure_loaded()
        text = _CONTROL.sub(" ", text)
        if self._sp is not None:
            return self._sp.encode(text, out_type=str)
        return self.package.tokenizer.encode(text)

    def decode(self, pieces: list[str]) -> str:
        # Argos's own SentencePiece decoding turns "_" into spaces, breaking names and URLs.
        if self._sp is not None:
            return self._sp.decode_pieces(pieces).replace("▁", " ").strip()
        return self.package.tokenizer.decode(pieces).strip()

    def pieces(self, text: str) -> list[tuple[str, Span]]:
        """SentencePiece pieces of `text` with the character span each covers."""
        self._ensure_loaded()
        text = _CONTROL.sub(" ", text)  # one character for one: the spans stay those of `text`
        if self._sp is None:
            return [(p, Span(0, len(text))) for p in self.encode(text)]
        proto = self._sp.encode(text, return_type="proto")
        char_at = _byte_to_char(text)
        return [(p.piece, Span(char_at[p.begin], char_at[p.end])) for p in proto.pieces]

    def translate_batch(self, segments: Sequence[MTSegment]) -> list[str]:
        return [h[0].text for h in self.translate_nbest(segments, 1)]

    def translate_nbest(self, segments: Sequence[MTSegment], n: int) -> list[list[Hypothesis]]:
        """Up to `n` translations of each segment, best first."""
        return self._translate(segments, n=n)

    def continue_batch(
        self, segments: Sequence[MTSegment], prefixes: Sequence[str]
    ) -> list[Hypothesis]:
        """Translations forced to start with `prefixes`, the model completing each one."""
        return [h[0] for h in self._translate(segments, prefixes=prefixes)]

    def align(self, segments: Sequence[MTSegment], targets: Sequence[str]) -> list[list[Link]]:
        """For each target piece, the source span it attends to most (the model's alignment),
        found by forcing the model through the given target."""
        sources = [s.with_fixed() for s in segments]
        src_pieces = [self.pieces(s) for s in sources]
        tgt_pieces = [self.pieces(t) for t in targets]
        results = self._translator.translate_batch(
            [[p for p, _ in ps] for ps in src_pieces],
            target_prefix=[self._prefixed([p for p, _ in ps]) for ps in tgt_pieces],
            beam_size=1,
            max_decoding_length=max((len(t) for t in tgt_pieces), default=0) + 2,
            max_input_length=0,
            return_attention=True,
            max_batch_size=self.max_batch_size,
        )
        links = []
        for seg, src, tgt, r in zip(segments, src_pieces, tgt_pieces, results):
            rows = r.attention[0][1 if self.target_prefix else 0 :]
            row_links = []
            for (_, t_span), row in zip(tgt, rows):
                best = max(range(min(len(row), len(src))), key=row.__getitem__, default=None)
                if best is not None:
                    row_links.append(Link(t_span, _to_original(seg, src[best][1])))
            links.append(row_links)
        return links

    def score(self, segments: Sequence[MTSegment], targets: Sequence[str]) -> list[float]:
        """The model's mean log-probability per target piece for each given translation."""
        results = self._translator.score_batch(
            [self.encode(s.with_fixed()) for s in segments],
            [self._prefixed(self.encode(t)) for t in targets],
            max_batch_size=self.max_batch_size,
            max_input_length=0,
        )
        return [sum(r.log_probs) / max(1, len(r.log_probs)) for r in results]

    def _prefixed(self, pieces: list[str]) -> list[str]:
        return [self.target_prefix, *pieces] if self.target_prefix else pieces

    def _translate(
        self, segments: Sequence[MTSegment], n: int = 1, prefixes: Sequence[str] | None = None
    ) -> list[list[Hypothesis]]:
        sources = [self.encode(s.with_fixed()) for s in segments]
        forced = [self.encode(p) for p in prefixes] if prefixes else [[] for _ in sources]
        order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
        results: list[list[Hypothesis]] = [[] for _ in sources]
        for k in range(0, len(order), _CHUNK):
            chunk = order[k : k + _CHUNK]
            batch = self._run([sources[i] for i in chunk], [forced[i] for i in chunk], n)
            for i, hyps in zip(chunk, batch):
                results[i] = [Hypothesis(_restore(segments[i], self.decode(h)), s) for h, s in hyps]
        return results

    def _run(self, batch, forced, n: int) -> list[list[tuple[list[str], float]]]:
        longest = max((len(s) for s in batch), default=0)
        prefixes = [self._prefixed(f) for f in forced]
        options = dict(
            beam_size=max(self.beam_size, n),
            num_hypotheses=n,
            max_batch_size=self.max_batch_size,
            # Relative to the input, so long sentences are not cut at CTranslate2's default 256,
            # within the position table models are commonly built with.
            max_decoding_length=min(2 * longest + 16 + max(len(p) for p in prefixes), MAX_LENGTH),
            max_input_length=0,
            replace_unknowns=True,
            return_scores=True,
        )
        if any(prefixes):
            options["target_prefix"] = prefixes
        out = []
        for r in self._translator.translate_batch(batch, **options):
            hyps = [
                h[1:] if self.target_prefix and h[:1] == [self.target_prefix] else h
                for h in r.hypotheses
            ]
            out.append(list(zip(hyps, r.scores)))
        return out

    def close(self) -> None:
        self._model = None


def _byte_to_char(text: str) -> list[int]:
    """Character index of every UTF-8 byte offset of `text` (and of its end)."""
    index = []
    for i, c in enumerate(text):
        index += [i] * len(c.encode("utf-8"))
    return [*index, len(text)]


def _to_original(segment: MTSegment, span: Span) -> Span:
    """Map a span of the source as sent (fixed spans replaced) back to the segment's text."""
    shift = 0
    for f in sorted(segment.fixed, key=lambda f: f.start):
        new_start, new_end = f.start + shift, f.start + shift + len(f.text)
        if span.start >= new_end:
            shift += len(f.text) - (f.end - f.start)
            continue
        if span.end > new_start:
            return Span(f.start, f.end)
        break
    return Span(span.start - shift, span.end - shift)


def _restore(segment: MTSegment, target: str) -> str:
    """Put back fixed text that the model copied with different spacing (URLs, code)."""
    for f in segment.fixed:
        if f.text in target:
            continue
        pattern = r"\s*".join(
            re.escape(c) if c != "_" else r"[_ ]" for c in f.text if not c.isspace()
        )
        m = re.search(pattern, target) if pattern else None
        if m:
            target = target[: m.start()] + f.text + target[m.end() :]
    return target
