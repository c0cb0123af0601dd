"""What the operator reads from `chatlabel requester ...`."""

from __future__ import annotations

from collections.abc import Sequence

from core.types.requesters import RequesterInfo

REQUESTER_SUBCOMMANDS = {
    "add": "add a requester and print its API key (shown this once; only a hash is kept)",
    "list": "the requesters, their scopes, jobs and whether their key still works",
    "revoke": "stop a requester's key at once (its jobs stay as they are)",
    "deposit": "credit tokens to a requester's deposit (the treasury must hold them, not yet promised)",
}
REQUESTER_NONE = "No requesters yet. Add one with `chatlabel requester add NAME`."


def requester_added(requester: RequesterInfo, key: str) -> str:
    return (
        f"Requester {requester.name!r} (id {requester.requester_id}) added with scopes {', '.join(requester.scopes)}.\n"
        f"API key (shown only now; store it safely):\n{key}"
    )


def requester_revoked(requester: RequesterInfo) -> str:
    return f"Requester {requester.name!r}: key revoked; calls with it are refused from now on."


def requester_lines(requesters: Sequence[RequesterInfo]) -> str:
    if not requesters:
        return REQUESTER_NONE
    rows = ["id  name                 jobs  key      scopes"]
    for r in requesters:
        state = "live" if r.active else "revoked"
        rows.append(f"{r.requester_id:<3} {r.name[:20]:<20} {r.jobs:>4}  {state:<8} {' '.join(r.scopes)}")
    return "\n".join(rows)


def requester_deposited(name: str, points: int, deposit: int, tokens: str, deposit_tokens: str) -> str:
    return (
        f"Requester {name!r}: {tokens} tokens ({points} points) credited; the deposit holds {deposit_tokens} tokens "
        f"({deposit} points) to fund its jobs with."
    )
