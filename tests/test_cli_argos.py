"""`glossary models` and `glossary translate --engine argos` with a real (tiny) Argos package."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(env, *args, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_install_list_and_translate(argos_env, argos_package, tmp_path):
    assert "no Argos packages installed" in run(argos_env, "models", "list").stdout
    r = run(argos_env, "models", "install", str(argos_package))
    assert r.returncode == 0, r.stderr
    assert "installed es→en" in r.stdout
    assert "es→en" in run(argos_env, "models", "list").stdout

    report = tmp_path / "r.json"
    r = run(
        argos_env,
        "translate",
        "-",
        "--engine",
        "argos",
        "--report",
        str(report),
        stdin="El escalado de los modelos de lenguaje no tiene muro.\n",
    )
    assert r.returncode == 0, r.stderr
    assert "scaling" in r.stdout and "language models" in r.stdout
    assert "climbing" not in r.stdout  # the model's wrong rendering was repaired
    terms = json.loads(report.read_text())["documents"][0]["segments"][0]["terms"]
    assert [(t["source"], t["target"], t["status"]) for t in terms] == [
        ("escalado", "scaling", "applied"),
        ("modelos de lenguaje", "language models", "applied"),
    ]


def test_auto_prefers_argos_when_installed(argos_installed_env):
    r = run(argos_installed_env, "translate", "-", stdin="El cómputo y el entrenamiento.\n")
    assert r.returncode == 0, r.stderr
    assert "compute" in r.stdout and "training" in r.stdout
    assert "computation" not in r.stdout and "coaching" not in r.stdout


def test_without_glossary_the_model_output_is_left_alone(argos_installed_env):
    r = run(
        argos_installed_env,
        "translate",
        "-",
        "--engine",
        "argos",
        "--no-glossary",
        stdin="El escalado importa.\n",
    )
    assert r.stdout.strip() == "El climbing importa."


def test_urls_and_names_pass_through(argos_installed_env):
    text = "Véase https://ejemplo.com/mi_archivo.txt sobre OpenAI y el escalado.\n"
    r = run(argos_installed_env, "translate", "-", "--engine", "argos", stdin=text)
    assert "https://ejemplo.com/mi_archivo.txt" in r.stdout
    assert "OpenAI" in r.stdout and "scaling" in r.stdout


def test_bad_package_file(argos_env, tmp_path):
    bogus = tmp_path / "x.argosmodel"
    bogus.write_bytes(b"not a zip")
    r = run(argos_env, "models", "install", str(bogus))
    assert r.returncode == 2
    assert str(bogus) in r.stderr and "Traceback" not in r.stderr


def test_install_without_network_fails_clearly(argos_env):
    env = {**argos_env, "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"}
    r = run(env, "models", "install")
    assert r.returncode == 2
    assert "glossary models install FILE.argosmodel" in r.stderr
    assert "Traceback" not in r.stderr
