"""scikit-learn loads only where a campaign's model trains or predicts, not in every process of the product."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_starting_the_game_and_the_server_does_not_load_scikit_learn() -> None:
    probe = "import sys, core.game.game, web.app, app; print('sklearn' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


def test_features_load_it_when_asked() -> None:
    from core.assist.features import text_features

    assert text_features(["a tiny text", "another"]).shape[0] == 2
    assert "sklearn" in sys.modules
