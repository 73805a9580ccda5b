"""The engine stays free of UI libraries, and the command line starts without heavy imports."""

import subprocess
import sys


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_engine_does_not_import_ui_libraries():
    modules = loaded_after(
        "import glossary, glossary.pipeline, glossary.enforce, glossary.run, glossary.report"
    )
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich", "tui")}


def test_cli_start_up_skips_torch_and_argos_translate():
    modules = loaded_after("import glossary.cli")
    assert "torch" not in modules
    assert "argostranslate.translate" not in modules
    assert "ctranslate2" not in modules


def test_python_dash_m_is_the_same_command():
    r = subprocess.run([sys.executable, "-m", "glossary", "--help"], capture_output=True, text=True)
    assert r.returncode == 0
    assert "translate" in r.stdout and "models" in r.stdout
