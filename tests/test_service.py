"""The translation service: built from plain data that another process can rebuild it from,
each distinct sentence translated once, and a changed glossary never served stale targets."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest
from conftest import make_service

from glossary.engines import register_engine, unregister_engine
from glossary.engines.apertium import ApertiumEngine
from glossary.record import CACHE, ENGINE, Segment
from glossary.service import RunConfig, build_service
from glossary.terms import Glossary, Term

TERMS = [Term("escalado", "scaling"), Term("modelo de lenguaje", "language model")]
SENTENCES = ["El escalado de los modelos de lenguaje.", "Otra frase sin términos."]


def translate_elsewhere(config: RunConfig) -> list[str]:
    with build_service(config) as service:
        return [r.target for r in service.translate([Segment(s) for s in SENTENCES])]


def test_the_configuration_crosses_process_boundaries():
    config = RunConfig(engine="apertium", glossary=Glossary(TERMS), cache=False)
    assert pickle.loads(pickle.dumps(config)) == config
    here = translate_elsewhere(config)
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        there = pool.submit(translate_elsewhere, config).result(timeout=120)
    assert there == here
    assert here[0] == "The scaling of the language models."


class CountingEngine(ApertiumEngine):
    name = "counting"
    auto_order = None

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def translate_batch(self, segments):
        self.seen += [s.text for s in segments]
        return super().translate_batch(segments)


@pytest.fixture
def counting():
    register_engine(CountingEngine)
    yield CountingEngine.name
    unregister_engine(CountingEngine.name)


def test_a_repeated_sentence_is_translated_once(counting):
    with make_service(counting, TERMS) as service:
        records = service.translate([Segment(SENTENCES[1]) for _ in range(5)])
        assert service.engine.seen == [SENTENCES[1]]
    assert {r.target for r in records} == {"Another sentence without terms."}
    assert all(r.origin == ENGINE for r in records)


def test_a_changed_glossary_is_another_cache_key(counting, tmp_path):
    terms = tmp_path / "terms.yaml"
    terms.write_text("escalado: scaling\n", encoding="utf-8")
    config = RunConfig(engine=counting, glossary=terms, cache_dir=tmp_path / "cache")
    with build_service(config) as service:
        (first,) = service.translate([Segment("El escalado importa.")])
    with build_service(config) as service:
        (again,) = service.translate([Segment("El escalado importa.")])
        assert again.origin == CACHE and again.target == first.target
        assert not service.engine_loaded
    terms.write_text("escalado: growth\n", encoding="utf-8")
    with build_service(config) as service:
        (changed,) = service.translate([Segment("El escalado importa.")])
    assert changed.origin == ENGINE and "growth" in changed.target
    assert [c.status for c in changed.checks] == ["applied"]
