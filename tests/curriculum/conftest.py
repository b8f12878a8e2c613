"""Fixtures shared by the module tests: each ``test_module_NN.py`` names its notebook
and quiz file as ``NOTEBOOK`` and ``QUIZ``, and gets them read here once per module."""

from __future__ import annotations

import nbformat
import pytest

from tests.curriculum import module_checks as mc


@pytest.fixture(scope="module")
def notebook(request):
    return nbformat.read(request.module.NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def text(notebook):
    """The markdown of the notebook as one string, with the glossary links unwrapped."""
    return mc.prose(notebook)


@pytest.fixture(scope="module")
def code(notebook):
    return mc.code_of(notebook)


@pytest.fixture(scope="module")
def quiz(request):
    return mc.quiz_questions(request.module.QUIZ)
