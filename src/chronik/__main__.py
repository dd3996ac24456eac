"""``python -m chronik``: the same as the ``chronik`` command."""

from .cli import app

app(prog_name="chronik")
