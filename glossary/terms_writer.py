"""Changes to a terms.yaml that keep the user's comments, order and layout (ruamel round trip)."""

from __future__ import annotations

import io
from pathlib import Path

from glossary.files import write_atomic
from glossary.terms import GlossaryError, Term, load_glossary, parse_yaml


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def _load(path: Path):
    yaml = _yaml()
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        from ruamel.yaml.comments import CommentedMap

        data = CommentedMap()
        data["terms"] = CommentedMap()
        return yaml, data, data["terms"]
    load_glossary(path)  # refuse to edit a file that doesn't load: report its problem instead
    data = yaml.load(path.read_text(encoding="utf-8"))
    if "terms" in data:
        if data["terms"] is None:
            from ruamel.yaml.comments import CommentedMap

            data["terms"] = CommentedMap()
        return yaml, data, data["terms"]
    return yaml, data, data


def entry_value(term: Term):
    """The shortest YAML value that says everything the entry says."""
    from ruamel.yaml.comments import CommentedMap

    long = CommentedMap()
    if term.keep:
        long["keep"] = True
    elif not (
        term.forms or term.plural or term.avoid or term.also or term.case_sensitive or term.note
    ):
        return term.target
    else:
        long["en"] = term.target
    for key, value in (
        ("forms", _flow(term.forms)),
        ("plural", term.plural),
        ("avoid", _flow(term.avoid)),
        ("also", _flow(term.also)),
        ("case_sensitive", term.case_sensitive),
        ("note", term.note),
    ):
        if value:
            long[key] = value
    if term.keep and term.target != term.source:
        long["en"] = term.target
    if len(long) <= 2 and not term.note:
        long.fa.set_flow_style()
    return long


def _flow(items):
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _save(path: Path, yaml, data) -> None:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    parse_yaml(text, path)  # never write a file that would not load again
    write_atomic(path, text)


def add_term(path: Path, term: Term) -> None:
    """Add an entry at the end of the glossary; an existing Spanish term is an error."""
    yaml, data, terms = _load(path)
    existing = {str(k).casefold(): k for k in terms}
    if term.source.casefold() in existing:
        raise GlossaryError(path, None, f"'{term.source}' is already in the glossary")
    terms[term.source] = entry_value(term)
    _save(path, yaml, data)


def update_term(path: Path, source: str, term: Term) -> None:
    """Replace the entry for `source` (which may be renamed) where it stands."""
    yaml, data, terms = _load(path)
    keys = list(terms)
    if source not in terms:
        raise GlossaryError(path, None, f"'{source}' is not in the glossary")
    old, new = terms[source], entry_value(term)
    if isinstance(old, dict) and isinstance(new, dict):
        # Edit the mapping in place: its layout and comments stay.
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = value
        new = old
    if term.source == source:
        terms[source] = new
    else:
        position = keys.index(source)
        comment = terms.ca.items.pop(source, None)
        del terms[source]
        terms.insert(position, term.source, new)
        if comment:
            terms.ca.items[term.source] = comment
    _save(path, yaml, data)


def remove_term(path: Path, source: str) -> None:
    yaml, data, terms = _load(path)
    if source not in terms:
        raise GlossaryError(path, None, f"'{source}' is not in the glossary")
    del terms[source]
    _save(path, yaml, data)
