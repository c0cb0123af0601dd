"""Truth inference for chatlabel, in pure numpy: who is right, how sure we are, and who gets paid.

No I/O and no database: the game core passes integer arrays in and gets arrays and frozen dataclasses
back. Entry points:

- `dawid_skene` (the default), `one_coin_dawid_skene`, `majority_vote`, `weighted_vote`: batch fits.
- `OnlinePosteriors`: per-answer posterior updates between scheduled refits.
- `resolution`, `ask_value`, `ask_priority`: dynamic overlap and where an answer is worth most.
- `spam_signals`: per-worker weight multipliers and suspensions.
- `robust_estimate`: numeric tasks.
- `leave_one_out_log_posteriors`, `blind_log_posteriors`, `fit_calibration`: confidence right as often as it says.
- `share_pool`: exact integer settlement.
"""

from core.consensus.answers import Answers
from core.consensus.calibration import (
    IDENTITY,
    Calibration,
    blind_log_posteriors,
    ece_floor,
    expected_calibration_error,
    first_answers,
    fit_calibration,
    free_fit,
    judged_log_posteriors,
    leave_one_out_log_posteriors,
    predictive_models,
    reliability_table,
)
from core.consensus.dawid_skene import dawid_skene
from core.consensus.em import EMSettings
from core.consensus.gold import Gold
from core.consensus.models import ConsensusFit, WorkerModels, WorkerPrior
from core.consensus.numeric import NumericEstimate, numeric_resolution, robust_estimate
from core.consensus.one_coin import one_coin_dawid_skene
from core.consensus.online import OnlinePosteriors
from core.consensus.overlap import (
    FRESH_VALUE,
    SPLIT_CONFIDENCE,
    UNFINISHED_VALUE,
    Resolution,
    ResolutionState,
    ask_priority,
    ask_value,
    ask_values,
    resolution,
)
from core.consensus.settlement import share_pool
from core.consensus.spam import SpamSignals, SpamThresholds, spam_signals
from core.consensus.voting import agreement_weights, majority_vote, weighted_vote

__all__ = [
    "FRESH_VALUE",
    "IDENTITY",
    "SPLIT_CONFIDENCE",
    "UNFINISHED_VALUE",
    "Answers",
    "Calibration",
    "ConsensusFit",
    "EMSettings",
    "Gold",
    "NumericEstimate",
    "OnlinePosteriors",
    "Resolution",
    "ResolutionState",
    "SpamSignals",
    "SpamThresholds",
    "WorkerModels",
    "WorkerPrior",
    "agreement_weights",
    "ask_priority",
    "ask_value",
    "ask_values",
    "blind_log_posteriors",
    "dawid_skene",
    "ece_floor",
    "expected_calibration_error",
    "first_answers",
    "fit_calibration",
    "free_fit",
    "judged_log_posteriors",
    "leave_one_out_log_posteriors",
    "majority_vote",
    "numeric_resolution",
    "one_coin_dawid_skene",
    "predictive_models",
    "reliability_table",
    "resolution",
    "robust_estimate",
    "share_pool",
    "spam_signals",
    "weighted_vote",
]
