"""The layering contract of pyproject.toml holds (also run as `lint-imports` in .ci/run)."""

from importlinter.cli import lint_imports


def test_layers_contract_is_kept():
    # core <- territory <- accounts <- audit <- funding <- governance <- reporting | documents
    assert lint_imports() == 0
