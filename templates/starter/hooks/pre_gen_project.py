"""Plain cookiecutter only: check the answers with archkit's own rules and messages before any
file is rendered. A refusal exits 1; cookiecutter then removes the folder it created."""

import json
import sys

ANSWERS = json.loads({{ cookiecutter | jsonify | tojson }})

try:
    from generator.cookiecutter_ext import check_answers
except ImportError as exc:
    sys.stderr.write(f"error: this template needs the archkit package ({exc})\n"
                     "  hint: install archkit in the environment that runs cookiecutter (`make venv` in a checkout)\n")
    sys.exit(1)

sys.exit(check_answers(ANSWERS))
