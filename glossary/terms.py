"""The glossary: terms.yaml (and two-column TSV/CSV lists) loaded into validated Term entries."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from glossary.errors import InputError

ENTRY_KEYS = {"en", "forms", "plural", "keep", "avoid", "also", "case_sensitive", "note"}
TOP_LEVEL_KEYS = {"terms", "checks"}


@dataclass(frozen=True)
class Term:
    """One glossary entry: a Spanish term and how it must come out in English."""

    source: str
    target: str
    forms: tuple[str, ...] = ()
    plural: str | None = None
    keep: bool = False
    avoid: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    case_sensitive: bool = False
    note: str = ""
    line: int = 0

    @property
    def renderings(self) -> tuple[str, ...]:
        """Every English rendering verification accepts, the preferred one first."""
        return (self.target, *self.also)


@dataclass
class Glossary:
    """The terms of one glossary file, in file order, and its quality-check settings
    (check id -> "error", "warning" or "off")."""

    terms: list[Term] = field(default_factory=list)
    path: Path | None = None
    checks: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)


class GlossaryError(InputError):
    """A problem in a glossary file, reported as 'file:line: reason'."""

    def __init__(self, path: Path | str | None, line: int | None, reason: str):
        self.path, self.line, self.reason = path, line, reason
        where = str(path) if path else "<glossary>"
        if line:
            where += f":{line}"
        super().__init__(f"{where}: {reason}")


def load_glossary(path: Path | str) -> Glossary:
    """Load terms.yaml, or a TSV/CSV list of 'spanish<TAB>english' lines, by file suffix."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise GlossaryError(path, None, "no such file") from None
    except IsADirectoryError:
        raise GlossaryError(path, None, "is a directory, not a glossary file") from None
    except UnicodeDecodeError as e:
        raise GlossaryError(path, None, f"not UTF-8 text (byte {e.start})") from None
    checks: dict[str, str] = {}
    if path.suffix.lower() in (".tsv", ".csv", ".txt"):
        terms = parse_table(text, path, delimiter="," if path.suffix.lower() == ".csv" else "\t")
    else:
        terms, checks = _parse_yaml(text, path)
    return Glossary(check_conflicts(terms, path), path, checks)


def parse_yaml(text: str, path: Path | None = None) -> list[Term]:
    """Parse terms.yaml text. The round-trip loader builds only plain data, never objects."""
    return _parse_yaml(text, path)[0]


def _parse_yaml(text: str, path: Path | None) -> tuple[list[Term], dict[str, str]]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        reason = (e.problem or e.context or "invalid YAML").strip()
        raise GlossaryError(path, mark.line + 1 if mark else None, reason) from None
    except YAMLError as e:
        raise GlossaryError(path, None, f"invalid YAML: {e}") from None
    if data is None:
        return [], {}
    if not isinstance(data, dict):
        raise GlossaryError(path, 1, "expected a mapping of Spanish terms (or a 'terms:' key)")
    checks: dict[str, str] = {}
    if "terms" in data or "checks" in data:
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                raise GlossaryError(path, _key_line(data, key), f"unknown top-level key '{key}'")
        checks = _checks(data.get("checks"), _key_line(data, "checks"), path)
        data = data.get("terms") or {}
        if not isinstance(data, dict):
            raise GlossaryError(path, None, "'terms' must be a mapping of Spanish terms")
    terms = [_entry(key, value, _key_line(data, key), path) for key, value in data.items()]
    return terms, checks


def _checks(value, line: int | None, path: Path | None) -> dict[str, str]:
    """`checks:` maps a check id to true (its default severity), false or off, error,
    warning."""
    from glossary.settings import CHECKS, SEVERITIES

    if value is None:
        return {}
    if not isinstance(value, dict):
        raise GlossaryError(path, line, "'checks' must map check names to error, warning or off")
    result = {}
    for key, setting in value.items():
        where = _key_line(value, key) or line
        if key not in CHECKS:
            known = ", ".join(CHECKS)
            raise GlossaryError(path, where, f"unknown check '{key}' (known: {known})")
        if setting is True:
            setting = CHECKS[key][0]
        elif setting is False:
            setting = "off"
        if setting not in SEVERITIES:
            raise GlossaryError(
                path, where, f"check '{key}': use true, false, {', '.join(SEVERITIES)}"
            )
        result[str(key)] = setting
    return result


def _key_line(mapping, key) -> int | None:
    try:
        return mapping.lc.key(key)[0] + 1
    except (AttributeError, KeyError, TypeError):
        return None


def _entry(key, value, line: int | None, path: Path | None) -> Term:
    source = str(key).strip() if key is not None else ""
    if not source:
        raise GlossaryError(path, line, "empty Spanish term")
    if value is None:
        raise GlossaryError(path, line, f"'{source}': missing English side")
    if isinstance(value, (str, int, float)):
        target = str(value).strip()
        if not target:
            raise GlossaryError(path, line, f"'{source}': missing English side")
        return Term(source, target, line=line or 0)
    if not isinstance(value, dict):
        raise GlossaryError(path, line, f"'{source}': expected English text or a mapping")
    for k in value:
        if k not in ENTRY_KEYS:
            known = ", ".join(sorted(ENTRY_KEYS))
            raise GlossaryError(
                path, _key_line(value, k) or line, f"'{source}': unknown key '{k}' (known: {known})"
            )
    keep = _flag(value, "keep", source, line, path)
    target = value.get("en")
    if target is None or not str(target).strip():
        if not keep:
            raise GlossaryError(path, line, f"'{source}': missing English side ('en:')")
        target = source
    return Term(
        source=source,
        target=str(target).strip(),
        forms=_strings(value, "forms", source, line, path),
        plural=str(value["plural"]).strip() if value.get("plural") else None,
        keep=keep,
        avoid=_strings(value, "avoid", source, line, path),
        also=_strings(value, "also", source, line, path),
        case_sensitive=_flag(value, "case_sensitive", source, line, path),
        note=str(value.get("note") or "").strip(),
        line=line or 0,
    )


def _flag(value: dict, key: str, source: str, line, path) -> bool:
    flag = value.get(key, False)
    if not isinstance(flag, bool):
        raise GlossaryError(path, line, f"'{source}': '{key}' must be true or false")
    return flag


def _strings(value: dict, key: str, source: str, line, path) -> tuple[str, ...]:
    items = value.get(key) or ()
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, (list, tuple)) or not all(
        isinstance(i, (str, int, float)) for i in items
    ):
        raise GlossaryError(path, line, f"'{source}': '{key}' must be a list of texts")
    return tuple(str(i).strip() for i in items if str(i).strip())


def parse_table(text: str, path: Path | None = None, delimiter: str = "\t") -> list[Term]:
    """Parse 'spanish<TAB>english' lines; a Spanish term listed again adds an alternative."""
    terms: dict[str, Term] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 2 or not row[1].strip():
            raise GlossaryError(path, number, f"'{row[0].strip()}': missing English side")
        source, target = row[0].strip(), row[1].strip()
        if source.casefold() in ("spanish", "es", "source") and number == 1:
            continue  # a header line
        key = source.casefold()
        if key in terms:
            known = terms[key]
            if target not in known.renderings:
                terms[key] = replace(known, also=(*known.also, target))
        else:
            terms[key] = Term(source, target, line=number)
    return list(terms.values())


def check_conflicts(terms: Iterable[Term], path: Path | None) -> list[Term]:
    """Reject a Spanish term (or form) given twice with different English renderings."""
    seen: dict[str, Term] = {}
    result = []
    for term in terms:
        duplicate = False
        for form in (term.source, *term.forms):
            key = form if term.case_sensitive or term.keep else form.casefold()
            other = seen.get(key)
            if other is None:
                seen[key] = term
            elif other.target.casefold() != term.target.casefold():
                raise GlossaryError(
                    path,
                    term.line,
                    f"'{form}' is already defined on line {other.line} as '{other.target}',"
                    f" here as '{term.target}'",
                )
            else:
                duplicate = True
        if not duplicate:
            result.append(term)
    return result
