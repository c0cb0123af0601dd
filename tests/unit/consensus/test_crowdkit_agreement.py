"""Agreement with the reference implementation (crowd-kit's DawidSkene) on small generated data."""

from __future__ import annotations

import numpy as np
import pytest

from core.consensus import EMSettings, WorkerPrior, dawid_skene
from tests.unit.consensus.crowd import generated_crowd

crowdkit = pytest.importorskip("crowdkit.aggregation")
pd = pytest.importorskip("pandas")

# The reference emits pandas deprecation warnings that say nothing about our code.
pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_posteriors_match_crowdkit_dawid_skene(seed: int) -> None:
    answers, _ = generated_crowd(seed, n_items=150, n_workers=10, n_classes=3, per_item=5)
    frame = pd.DataFrame({"task": answers.items, "worker": answers.workers, "label": answers.labels})
    reference = crowdkit.DawidSkene(n_iter=60, tol=1e-9).fit(frame)
    # The reference smooths nothing and does not smooth the class prior either: match that.
    ours = dawid_skene(
        answers,
        prior=WorkerPrior(strength=0.0, class_strength=0.0),
        settings=EMSettings(max_iter=200, tol=1e-12),
    )
    probas = reference.probas_.reindex(index=range(answers.n_items), columns=range(3)).to_numpy()
    np.testing.assert_allclose(ours.posteriors, probas, atol=5e-3)
    assert np.mean(ours.labels() == np.argmax(probas, axis=1)) == 1.0
