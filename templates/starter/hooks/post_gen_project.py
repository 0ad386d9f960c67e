"""Plain cookiecutter only: drop files that rendered to nothing (archkit skips them itself)."""

import os

for root, dirs, files in os.walk(".", topdown=False):
    for name in files:
        path = os.path.join(root, name)
        with open(path, "rb") as fh:
            if not fh.read().strip():
                os.remove(path)
    for name in dirs:
        path = os.path.join(root, name)
        if not os.listdir(path):
            os.rmdir(path)
