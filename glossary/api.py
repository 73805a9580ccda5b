"""The engine's public API: what the editor and other front ends may use."""

from glossary.checks import CHECKS, ERROR, WARNING, Issue, check_segment
from glossary.enforce import Enforcer, Segment, Translation
from glossary.engines import ENGINES, get_engine
from glossary.errors import EngineError, InputError
from glossary.files import BUNDLED_GLOSSARY, default_glossary, write_atomic
from glossary.match import Match, Matcher
from glossary.project import (
    APPROVED,
    EDITED,
    HUMAN,
    MACHINE,
    NEW,
    STATUSES,
    Project,
    ProjectSegment,
    project_path,
)
from glossary.segment import Span
from glossary.terms import Glossary, GlossaryError, Term, load_glossary
from glossary.terms_writer import add_term, remove_term, update_term
from glossary.verify import APPLIED, AVOIDED, KEPT, MISSING, VIOLATIONS, TermCheck, verify

__all__ = [
    "BUNDLED_GLOSSARY",
    "APPLIED",
    "APPROVED",
    "AVOIDED",
    "CHECKS",
    "EDITED",
    "ENGINES",
    "ERROR",
    "HUMAN",
    "KEPT",
    "MACHINE",
    "MISSING",
    "NEW",
    "STATUSES",
    "VIOLATIONS",
    "WARNING",
    "EngineError",
    "Enforcer",
    "Glossary",
    "GlossaryError",
    "InputError",
    "Issue",
    "Match",
    "Matcher",
    "Project",
    "ProjectSegment",
    "Segment",
    "Span",
    "Term",
    "TermCheck",
    "Translation",
    "add_term",
    "check_segment",
    "default_glossary",
    "get_engine",
    "load_glossary",
    "project_path",
    "remove_term",
    "update_term",
    "verify",
    "write_atomic",
]
