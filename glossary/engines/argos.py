"""Argos Translate packages run directly through CTranslate2, batched, the model loaded once."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from glossary.engines import MTSegment
from glossary.errors import EngineError

FROM, TO = "es", "en"
_CHUNK = 256  # sentences per translate_batch call, sorted by length


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

    def __init__(
        self,
        package_path: Path | None = None,
        beam_size: int = 4,
        inter_threads: int | None = None,
        intra_threads: int | None = None,
        max_batch_size: int = 32,
    ):
        from argostranslate.package import Package

        package = Package(package_path) if package_path else find_package()
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
        self._translator = None
        self._sp = None
        self._load()

    def _load(self) -> None:
        import ctranslate2

        model_dir = Path(self.package.package_path) / "model"
        try:
            self._translator = ctranslate2.Translator(
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
        if self._sp is not None:
            return self._sp.encode(text, out_type=str)
        return self.package.tokenizer.encode(text)

    def decode(self, pieces: list[str]) -> str:
        # Argos's own SentencePiece decoding turns "_" into spaces, breaking names and URLs.
        if self._sp is not None:
            return self._sp.decode_pieces(pieces).replace("▁", " ").strip()
        return self.package.tokenizer.decode(pieces).strip()

    def translate_batch(self, segments: Sequence[MTSegment]) -> list[str]:
        return [h[0] for h in self.translate_nbest(segments, 1)]

    def translate_nbest(self, segments: Sequence[MTSegment], n: int) -> list[list[str]]:
        """Up to `n` translations of each segment, best first."""
        sources = [self.encode(_with_fixed(s)) for s in segments]
        order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
        results: list[list[str]] = [[] for _ in sources]
        for k in range(0, len(order), _CHUNK):
            chunk = order[k : k + _CHUNK]
            for i, hyps in zip(chunk, self._run([sources[i] for i in chunk], n)):
                results[i] = [_restore(segments[i], self.decode(h)) for h in hyps]
        return results

    def _run(self, batch: list[list[str]], n: int) -> list[list[list[str]]]:
        longest = max((len(s) for s in batch), default=0)
        options = dict(
            beam_size=max(self.beam_size, n),
            num_hypotheses=n,
            max_batch_size=self.max_batch_size,
            # Relative to the input, so long sentences are not cut at CTranslate2's default 256.
            max_decoding_length=2 * longest + 16,
            max_input_length=0,
            replace_unknowns=True,
        )
        if self.target_prefix:
            options["target_prefix"] = [[self.target_prefix]] * len(batch)
        results = self._translator.translate_batch(batch, **options)
        out = []
        for r in results:
            hyps = [
                h[1:] if self.target_prefix and h[:1] == [self.target_prefix] else h
                for h in r.hypotheses
            ]
            out.append(hyps)
        return out

    def close(self) -> None:
        self._translator = None


def _with_fixed(segment: MTSegment) -> str:
    """The source with each fixed span already replaced by its required text."""
    out, pos = [], 0
    for f in sorted(segment.fixed, key=lambda f: f.start):
        out.append(segment.text[pos : f.start])
        out.append(f.text)
        pos = f.end
    out.append(segment.text[pos:])
    return "".join(out)


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
