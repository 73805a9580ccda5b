"""Quality-check settings: every check's id, default severity and what it flags, and the
severities a glossary's `checks:` may set. Plain data for the glossary loader and the checks."""

from __future__ import annotations

from collections.abc import Mapping

ERROR, WARNING, OFF = "error", "warning", "off"
SEVERITIES = (ERROR, WARNING, OFF)
# id: (default severity, what it flags). terms.yaml's `checks:` changes a severity or turns
# a check off.
CHECKS: dict[str, tuple[str, str]] = {
    "numbers": (ERROR, "a number of the source missing from the target, or one it adds"),
    "ambiguous-number": (WARNING, "a source number either convention could have written"),
    "untranslated": (ERROR, "the target is the source, or copies a run of Spanish words"),
    "protected": (ERROR, "a URL, e-mail, code span, link target or markup changed"),
    "inverted-marks": (ERROR, "¿ or ¡ in the English target"),
    "final-punctuation": (WARNING, "the target ends with other punctuation than the source"),
    "whitespace": (WARNING, "leading or trailing whitespace differs from the source"),
    "doubled-words": (WARNING, 'a word written twice in a row ("the the")'),
    "line-length": (WARNING, "a subtitle cue over its line limits (42 characters, 2 lines)"),
    "alignment": (ERROR, "glossary check: a paragraph without a counterpart in the other file"),
}


def severities(config: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every check's severity: the default, unless `config` (from terms.yaml) says otherwise."""
    result = {check: default for check, (default, _) in CHECKS.items()}
    for check, severity in (config or {}).items():
        if check not in CHECKS:
            raise ValueError(f"unknown check '{check}' (known: {', '.join(CHECKS)})")
        if severity not in SEVERITIES:
            raise ValueError(f"check '{check}': severity must be one of {', '.join(SEVERITIES)}")
        result[check] = severity
    return result
