"""The engine's public API: what the editor and other front ends may use."""

from glossary.checks import Issue
from glossary.engines import ATTENTION, CONSTRAIN, FIXED_SPANS, NBEST, engine_names
from glossary.errors import EngineError, InputError
from glossary.files import BUNDLED_GLOSSARY, default_glossary, write_atomic
from glossary.formats import suffixes
from glossary.jobs import Job, Pending
from glossary.localize import target_locale
from glossary.match import Match
from glossary.options import ENGINE_CHOICE, LOCALE_HELP
from glossary.project import (
    APPROVED,
    EDITED,
    HUMAN,
    MACHINE,
    NEW,
    STATUSES,
    MissingTargets,
    Project,
    ProjectFileError,
    ProjectSegment,
    ReadOnlyError,
    project_path,
    start_over,
)
from glossary.record import Segment
from glossary.service import RunConfig, TranslationService, build_service
from glossary.session import EditSession, Progress, Review, open_session
from glossary.settings import CHECKS, ERROR, WARNING
from glossary.span import Span
from glossary.terms import Glossary, GlossaryError, Term, load_glossary
from glossary.terms_writer import add_term, remove_term, update_term
from glossary.verify import APPLIED, AVOIDED, KEPT, MISSING, VIOLATIONS, TermCheck

__all__ = [
    "APPLIED",
    "APPROVED",
    "ATTENTION",
    "AVOIDED",
    "BUNDLED_GLOSSARY",
    "CHECKS",
    "CONSTRAIN",
    "ENGINE_CHOICE",
    "EDITED",
    "ERROR",
    "FIXED_SPANS",
    "HUMAN",
    "KEPT",
    "LOCALE_HELP",
    "MACHINE",
    "MISSING",
    "NBEST",
    "NEW",
    "STATUSES",
    "VIOLATIONS",
    "WARNING",
    "EditSession",
    "EngineError",
    "Glossary",
    "GlossaryError",
    "InputError",
    "Issue",
    "Job",
    "Match",
    "MissingTargets",
    "Pending",
    "Progress",
    "Project",
    "ProjectFileError",
    "ProjectSegment",
    "ReadOnlyError",
    "Review",
    "RunConfig",
    "Segment",
    "Span",
    "Term",
    "TermCheck",
    "TranslationService",
    "add_term",
    "build_service",
    "default_glossary",
    "engine_names",
    "load_glossary",
    "open_session",
    "project_path",
    "remove_term",
    "start_over",
    "suffixes",
    "target_locale",
    "update_term",
    "write_atomic",
]
