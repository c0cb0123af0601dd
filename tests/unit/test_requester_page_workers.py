"""Worker names on a results page: one per account within the page, distinct, drawn afresh for every page, and
drawn again whole when two of the pool's names repeat (so two workers never share a name)."""

from __future__ import annotations

import re

import pytest

from core.game.requesters import settled
from core.game.requesters.settled import page_workers


def test_each_account_keeps_one_name_within_a_page_and_names_differ() -> None:
    template = "w%(7)s w%(9)s w%(7)s w%(12)s w%(9)s"
    named = (template % page_workers(template.count("%("))).split()
    assert named[0] == named[2] and named[1] == named[4]
    assert len(set(named)) == 3 and all(re.fullmatch(r"w[0-9a-f]{12}", name) for name in named)
    assert (template % page_workers(5)).split()[0] != named[0]  # another page, another name


def test_a_repeat_in_the_pool_draws_the_pool_again(monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter([b"\x01" * 12, b"\x01" * 6 + b"\x02" * 6])
    monkeypatch.setattr(settled.secrets, "token_bytes", lambda n: next(draws))
    names = page_workers(2)
    assert [names["1"], names["2"], names["1"]] == ["010101010101", "020202020202", "010101010101"]


def test_an_empty_page_draws_no_names() -> None:
    assert dict(page_workers(0)) == {}
