"""Pure parts of rewards: exact token arithmetic, settings checks, wording, the crash hook's default."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from bot.common import texts
from core.game.claims import format_tokens, to_units
from core.settings import RewardSettings, SettingsError, load_settings

REPO = Path(__file__).resolve().parents[3]


def test_points_convert_to_units_exactly() -> None:
    rules = RewardSettings(tokens_per_point=Decimal("0.01"), token_decimals=18)
    assert to_units(1, rules) == 10**16
    assert to_units(123_456_789, rules) == 1_234_567_890_000_000_000_000_000
    third = RewardSettings(tokens_per_point=Decimal("0.333333333333333333333"), token_decimals=18)
    assert to_units(3, third) == 999_999_999_999_999_999  # rounded down, never up


def test_tokens_are_shown_without_float_noise() -> None:
    assert format_tokens(10**16, 18) == "0.01"
    assert format_tokens(5 * 10**18, 18) == "5"
    assert format_tokens(1, 18) == "0.000000000000000001"
    assert format_tokens(7, 0) == "7"


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"CHATLABEL_CHAIN_RPC": "http://127.0.0.1:8545"}, "contract is required"),
        ({"CHATLABEL_CHAIN_RPC": "ws://node"}, "http(s)"),
        ({"CHATLABEL_CHAIN_EXPLORER_TX_URL": "https://scan/tx/"}, "{tx}"),
        ({"CHATLABEL_REWARDS_MAX_BATCH": "501"}, "rewards.max_batch"),
        ({"CHATLABEL_REWARDS_TOKENS_PER_POINT": "0"}, "rewards.tokens_per_point"),
    ],
)
def test_bad_reward_settings_stop_start_up_with_one_line(env: dict[str, str], words: str) -> None:
    with pytest.raises(SettingsError) as bad:
        load_settings(env=env)
    assert words in str(bad.value) and "\n" not in str(bad.value)


def test_the_payout_key_is_a_secret() -> None:
    settings = load_settings(env={"CHATLABEL_PAYOUT_KEY": "0x" + "11" * 32})
    assert "11" * 32 not in repr(settings) and settings.secrets.payout_key is not None


def test_paid_notice_links_the_explorer_when_configured() -> None:
    facts = {"amount": "5", "tx": "0xabc", "url": "https://scan/tx/0xabc"}
    assert texts.claim_paid(facts).endswith("https://scan/tx/0xabc")
    assert texts.claim_paid({"amount": "5", "tx": "0xabc", "url": ""}).endswith("0xabc")
    assert "test chain started over" in texts.claims_list([(10, "5", "reset", None)])  # a reset, in plain words


def test_the_payout_path_has_no_crash_hook_and_the_test_entry_point_kills_only_at_its_step() -> None:
    from tests.integration.rewards.crash_at import killing_at
    from wallet.run import Run, no_fault

    assert not (REPO / "wallet" / "faults.py").exists()
    assert Run.__dataclass_fields__["fault"].default is no_fault
    killing_at("after_store")("after_sign")  # another step: still alive
    code = "from tests.integration.rewards.crash_at import killing_at; killing_at('x')('x'); print('alive')"
    killed = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=60)
    assert killed.returncode == -9 and b"alive" not in killed.stdout


def test_batches_are_sized_to_fit_a_block() -> None:
    from wallet.batcher import batch_limit

    # 500 fresh recipients need ~15M gas with the estimate's margin: a 10M block holds fewer than 336.
    assert 300 <= batch_limit(500, 10_000_000) < 336
    assert batch_limit(500, 30_000_000) == 500  # all 500 fit under the per-transaction gas cap (EIP-7825)
    assert batch_limit(50, 30_000_000) == 50
    assert batch_limit(500, 50_000) == 1  # never zero: a one-claim batch that fails is reported, not retried
