"""The one ASGI app: each route group is a module of its own; the caller decides which groups it mounts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from starlette.applications import Starlette
from starlette.routing import BaseRoute


def build_app(*groups: Sequence[BaseRoute] | Iterable[BaseRoute]) -> Starlette:
    """Starlette with the given route groups (health, metrics, telegram ...), in that order."""
    routes = [route for group in groups for route in group]
    return Starlette(routes=routes)
