"""The translation service: built from one plain run configuration, it takes segment records
through the flow — memory and cache lookup, term matching, number conversion, machine
translation, enforcement, verification, quality checks — for every command and front end."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from glossary.checks import Issue, check_segment
from glossary.enforce import TECHNIQUES, Enforcer, check_techniques
from glossary.engines import AUTO, NBEST, Engine, can, create_engine, engine_class
from glossary.errors import EngineError
from glossary.localize import DEFAULT_LOCALE, find_conversions
from glossary.match import Match, Matcher
from glossary.memory import DictMemory
from glossary.mt import build_request, first_pass, nbest_translations, polish
from glossary.record import CACHE, ENGINE, HUMAN, Segment
from glossary.terms import Glossary, load_glossary
from glossary.verify import verify


@dataclass(frozen=True)
class RunConfig:
    """Everything a run is made of, as plain data that pickles (a cluster worker builds the
    same service from it). `glossary`: a terms file or a loaded Glossary; None translates
    without one. `project_memory`: documents whose project files' edited and approved targets
    are reused. `checks`: quality-check severities over the glossary's own `checks:`."""

    engine: str | None = AUTO  # None: a service that only checks targets made elsewhere
    engine_options: Mapping[str, Any] = field(default_factory=dict)
    glossary: Path | Glossary | None = None
    techniques: tuple[str, ...] = TECHNIQUES
    target_locale: str = DEFAULT_LOCALE
    convert_numbers: bool = True
    project_memory: tuple[Path, ...] = ()
    cache: bool = True
    cache_dir: Path | None = None
    quality_checks: bool = True
    checks: Mapping[str, str] | None = None


@dataclass
class Timing:
    """Seconds in the plain machine translation, in everything the glossary (and locale
    conversion) adds to it, and in the quality checks."""

    mt: float = 0.0
    glossary: float = 0.0
    checks: float = 0.0


@dataclass(frozen=True, eq=False)
class _GlossaryState:
    """What depends on the glossary; swapped whole when it changes, so that a translation
    running meanwhile finishes with the glossary (and cache key) it started with."""

    glossary: Glossary | None
    matcher: Matcher | None
    severities: dict[str, str]


class TranslationService:
    """The flow for one run configuration. Building one is cheap: the engine is made at the
    first translation and loads its model or process only for a segment that the memory and
    the cache do not have."""

    def __init__(self, config: RunConfig):
        check_techniques(config.techniques)
        self.config = config
        self.timing = Timing()
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._enforcer: Enforcer | None = None
        self._memory = DictMemory(_human_targets(config.project_memory))
        self._caches: list[tuple[_GlossaryState, Any]] = []  # (glossary state, DiskCache)
        self._cache_file = None  # the CacheFile they share
        # What the run should know but that does not stop it (a damaged cache set aside);
        # a front end replaces `on_warning` to show them its own way.
        self.warnings: list[str] = []
        self.on_warning: Callable[[str], None] = print_warning
        self._state = self._glossary_state(config.glossary)

    # The glossary --------------------------------------------------------------------------

    def _glossary_state(self, source: Path | Glossary | None) -> _GlossaryState:
        glossary = load_glossary(source) if isinstance(source, (str, Path)) else source
        return _GlossaryState(
            glossary,
            Matcher(glossary) if glossary is not None else None,
            {**(glossary.checks if glossary else {}), **(self.config.checks or {})},
        )

    @property
    def glossary(self) -> Glossary | None:
        return self._state.glossary

    @property
    def matcher(self) -> Matcher | None:
        return self._state.matcher

    @property
    def severities(self) -> dict[str, str]:
        return self._state.severities

    def use_glossary(self, glossary: Path | Glossary) -> None:
        """A changed glossary from now on (a translation running meanwhile finishes with the
        one it started with); the engine stays loaded."""
        self._state = self._glossary_state(glossary)

    # The engine ----------------------------------------------------------------------------

    @property
    def engine(self) -> Engine | None:
        """The engine, made at first use (cheap: its model or process loads later still)."""
        if self._engine is None and self.config.engine:
            with self._lock:
                if self._engine is None:
                    engine = create_engine(self.config.engine, self.config.engine_options)
                    self._enforcer = Enforcer(engine, self.config.techniques)
                    self._engine = engine
        return self._engine

    @property
    def engine_loaded(self) -> bool:
        """Whether an engine's model or process was loaded (False: all came from the memory
        and the cache)."""
        return self._engine is not None and self._engine.loaded

    @property
    def engine_name(self) -> str:
        """The engine's name, found without making it when it is not made yet."""
        if self._engine is not None:
            return self._engine.name
        try:
            return engine_class(self.config.engine or AUTO).name
        except EngineError:
            return self.config.engine or "none"

    def can(self, capability: str) -> bool:
        try:
            return can(self._engine or engine_class(self.config.engine or AUTO), capability)
        except EngineError:
            return False

    def _cache(self, state: _GlossaryState):
        """The disk cache for this engine, glossary and settings (None when off), opened at
        the first lookup: its key needs the engine's identity."""
        if not self.config.cache or self.engine is None:
            return None
        with self._lock:
            for known, cache in self._caches:
                if known is state:
                    return cache
            cache = self._open_cache(state)
            self._caches.append((state, cache))
            return cache

    def _open_cache(self, state: _GlossaryState):
        from glossary.cache import FILE_NAME, CacheFile, DiskCache, fingerprint
        from glossary.paths import cache_dir

        c = self.config
        if self._cache_file is None:
            self._cache_file = CacheFile((c.cache_dir or cache_dir()) / FILE_NAME, self.warn)
        locale = c.target_locale if c.convert_numbers else None
        if state.glossary is None:
            context = fingerprint(self.engine.identity, None, "no glossary", locale)
        else:
            techniques = ",".join(self._enforcer.techniques)
            key = glossary_key(state.glossary)
            context = fingerprint(self.engine.identity, key, techniques, locale)
        return DiskCache(context, self._cache_file)

    def warn(self, message: str) -> None:
        """Something the user should know that does not stop the run; each said once."""
        if message not in self.warnings:
            self.warnings.append(message)
            self.on_warning(message)

    # The flow ------------------------------------------------------------------------------

    def find_terms(self, record: Segment, state: _GlossaryState | None = None) -> list[Match]:
        matcher = (state or self._state).matcher
        if matcher is None or not record.source.strip():
            return []
        return matcher.find(record.source, record.protected)

    def translate(self, records: Sequence[Segment], fresh: bool = False) -> list[Segment]:
        """Fill in every record: a target from the project memory or the cache where they have
        one (unless `fresh`), else from the engine with the glossary enforced; then term checks
        and issues for all. Records with the same source are translated once."""
        started = time.perf_counter()
        state = self._state
        cache = self._cache(state)
        new: dict[tuple, list[Segment]] = {}
        reused = []
        for record in records:
            record.matches = self.find_terms(record, state)
            found, origin = (None, None) if fresh else self._lookup(record.source, cache)
            if found is not None:
                record.target, record.origin = found, origin
                reused.append(record)
            else:
                new.setdefault(record.key, []).append(record)
        leaders = [group[0] for group in new.values()]
        mt = self._translate_new(leaders, state, cache) if leaders else 0.0
        for group in new.values():
            for follower in group[1:]:
                _share(group[0], follower)
        for record in reused:
            record.checks = verify(record.source, record.target, record.matches)
        checks_started = time.perf_counter()
        for record in records:
            record.issues = self.quality_issues(record, state)
        now = time.perf_counter()
        self.timing.mt += mt
        self.timing.checks += now - checks_started
        self.timing.glossary += checks_started - started - mt
        return list(records)

    def _lookup(self, source: str, cache) -> tuple[str | None, str | None]:
        found = self._memory.lookup(source)
        if found is not None:
            return found, HUMAN
        if cache is not None:
            found = cache.lookup(source)
            if found is not None:
                return found, CACHE
        return None, None

    def _translate_new(self, records: Sequence[Segment], state: _GlossaryState, cache) -> float:
        """Conversions, requests, the engine's first pass, verification, enforcement; returns
        the seconds of the first pass."""
        engine = self.engine
        if engine is None:
            raise EngineError("this service has no engine: it only checks translations")
        convert = self.config.convert_numbers and state.glossary is not None
        for record in records:
            if convert:
                skip = [*record.protected, *(m.span for m in record.matches)]
                locale = self.config.target_locale
                record.conversions = find_conversions(record.source, locale, skip)
            record.request = build_request(record)
        mt_started = time.perf_counter()
        nbest = state.glossary is not None and self._enforcer.uses("nbest")
        first_pass(engine, records, nbest)
        mt = time.perf_counter() - mt_started
        for record in records:
            record.checks = verify(record.source, record.target, record.matches)
        if state.glossary is not None:
            self._enforcer.enforce(records)
        if cache is not None:
            for record in records:
                if _cacheable(record):
                    cache.store(record.source, record.target)
        return mt

    def quality_issues(self, record: Segment, state: _GlossaryState | None = None) -> list[Issue]:
        """The quality checks' issues of the record's target."""
        if not self.config.quality_checks or not record.target:
            return []
        return check_segment(
            record.source,
            record.target,
            protected=record.protected,
            matches=record.matches,
            config=(state or self._state).severities,
            locale=self.config.target_locale,
        )

    def check(self, records: Sequence[Segment]) -> list[Segment]:
        """Term checks and quality checks of targets made elsewhere (a person's, a file's)."""
        state = self._state
        for record in records:
            record.matches = self.find_terms(record, state)
            record.checks = verify(record.source, record.target, record.matches)
            record.issues = self.quality_issues(record, state)
        return list(records)

    def alternatives(self, record: Segment, n: int = 3) -> list[Segment]:
        """Up to `n` different translations of one segment, each enforced by repair where it
        misses a term, verified and checked; [] when the engine has no n-best (Apertium)."""
        engine = self.engine
        if engine is None or not can(engine, NBEST):
            return []
        state = self._state
        base = Segment(record.source, record.protected, matches=self.find_terms(record, state))
        if self.config.convert_numbers and state.glossary is not None:
            skip = [*base.protected, *(m.span for m in base.matches)]
            base.conversions = find_conversions(base.source, self.config.target_locale, skip)
        base.request = build_request(base)
        (hyps,) = nbest_translations(engine, [base.request], n)
        results = []
        for hyp in hyps:
            alt = replace(base, origin=ENGINE)
            text = polish(alt, hyp.text)
            alt.accept(text, verify(alt.source, text, alt.matches))
            if alt.misses_term and state.glossary is not None and self._enforcer.uses("repair"):
                self._enforcer.translate_alone([alt])
                alt.accept(*self._enforcer.repaired(alt, alt.target, alt.checks))
            alt.issues = self.quality_issues(alt, state)
            results.append(alt)
        return results

    def flush(self) -> None:
        """Write what the cache has learnt (a long run calls this after every batch)."""
        for _, cache in self._caches:
            cache.flush()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        for _, cache in self._caches:
            cache.close()
        if self._cache_file is not None:
            self._cache_file.close()

    def __enter__(self) -> TranslationService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def print_warning(message: str) -> None:
    """How a command line says it: one line on standard error."""
    print(f"glossary: warning: {message}", file=sys.stderr, flush=True)


def build_service(config: RunConfig) -> TranslationService:
    """The only way to get a translation service: from a run configuration."""
    return TranslationService(config)


def glossary_key(glossary: Glossary) -> str:
    """What of a glossary changes translations: its entries, not their notes or lines."""
    return repr(
        [
            (t.source, t.target, t.forms, t.plural, t.keep, t.avoid, t.also, t.case_sensitive)
            for t in glossary.terms
        ]
    )


def _cacheable(record: Segment) -> bool:
    """Only the engine's answer to this very record's request goes into the cache; an empty
    target for a source with words in it is no answer (a shifted or lost one, if anything)."""
    return (
        record.origin == ENGINE
        and record.request is not None
        and record.request.text == record.source
        and (bool(record.target.strip()) or not any(c.isalnum() for c in record.source))
    )


def _share(leader: Segment, follower: Segment) -> None:
    """A segment with the same source as `leader` gets what the flow found for it."""
    follower.conversions = list(leader.conversions)
    follower.request = leader.request
    follower.candidates = list(leader.candidates)
    follower.target, follower.origin = leader.target, leader.origin
    follower.checks = list(leader.checks)


def _human_targets(documents: Sequence[Path]) -> dict[str, str]:
    if not documents:
        return {}
    from glossary.project import human_memory

    return human_memory(list(documents))
