"""The stylometric classifier that tells human texts from bot texts, shared by the pack's build (which drops
the bot texts it finds too easy) and scripts/measure_bot_or_not.py (which reports how well it does on the pack).

Features: word 1-2-grams, character 2-5-grams and a style profile (length, word length, punctuation, capitals,
function words, vocabulary richness); logistic regression. Needs scikit-learn (the `content` extra).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

FUNCTION_WORDS = frozenset(
    {"the", "a", "an", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "is", "are"}
    | {"was", "be", "it", "i", "you", "he", "they", "we", "this", "that", "not", "no"}
)


def style_profile(texts: list[str]) -> np.ndarray:
    """Per text: how it is written rather than what it says."""
    rows = []
    for text in texts:
        words = text.split()
        lowered = [w.strip(".,;:!?\"'()").lower() for w in words]
        n = max(len(words), 1)
        rows.append(
            [
                len(text) / 100,
                n / 20,
                sum(len(w) for w in lowered) / n / 5,
                len(set(lowered)) / n,
                len(re.findall(r"[.!?](\s|$)", text)),
                *(text.count(mark) / n for mark in ",;:-'\"!?()"),
                sum(w[:1].isupper() for w in words) / n,
                *(lowered.count(w) / n for w in sorted(FUNCTION_WORDS)),
            ]
        )
    return np.array(rows)


def classifier() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        make_pipeline(FunctionTransformer(style_profile), StandardScaler()),
    )
    return make_pipeline(features, LogisticRegression(max_iter=4000, C=2))


def bot_likelihood(train_texts: list[str], train_is_bot: list[bool], texts: list[str]) -> list[float]:
    """The classifier's probability that each of `texts` is a bot, trained on the other texts given."""
    model = classifier().fit(train_texts, train_is_bot)
    bot_column = list(model.classes_).index(True)
    return [float(p[bot_column]) for p in model.predict_proba(texts)]


def held_out_accuracy(texts: list[str], answers: list[str], folds: int = 5) -> float:
    """Mean accuracy over stratified folds: each text judged by a model that never saw it."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    split = StratifiedKFold(folds, shuffle=True, random_state=0)
    return float(cross_val_score(classifier(), texts, answers, cv=split).mean())
