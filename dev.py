#!/usr/bin/env python3
"""Réussite in two commands, with nothing but Python 3.11+ on the machine.

    python3 dev.py demo   # install, create the SQLite database, load the demo world, serve on :8000
    python3 dev.py test   # install, then run the whole test suite (extra arguments go to pytest)
    python3 dev.py bench [--scale demo|network|national]   # benchmark (docs/benchmarks.md)

Dependencies are installed into .venv from requirements.lock (pinned, with hashes).
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".lock-installed"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def ensure_environment():
    if sys.version_info < (3, 11):
        sys.exit("Réussite demande Python 3.11 ou plus récent.")
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", LOCK)
        STAMP.write_text(digest)


def demo(args):
    env = {**os.environ, "REUSSITE_DEBUG": os.environ.get("REUSSITE_DEBUG", "1")}
    run(PYTHON, "manage.py", "migrate", "--noinput", env=env)
    run(PYTHON, "manage.py", "load_demo", env=env)
    address = args[0] if args else "127.0.0.1:8000"
    print(f"\nRéussite : http://{address}/  (comptes de démonstration : voir README.md)\n", flush=True)
    run(PYTHON, "manage.py", "runserver", address, env=env)


def test(args):
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)
    sys.exit(result.returncode)


def bench(args):
    result = subprocess.run([str(PYTHON), "-m", "bench", *args], cwd=ROOT)
    sys.exit(result.returncode)


COMMANDS = {"demo": demo, "test": test, "bench": bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    ensure_environment()
    try:
        COMMANDS[sys.argv[1]](sys.argv[2:])
    except KeyboardInterrupt:
        pass
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
