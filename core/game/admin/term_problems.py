"""What is wrong with a campaign's terms, as a sentence the catalogs translate: the first of the validation's
errors, worded by its kind (pydantic's own English is the last resort, for kinds an admin can hardly cause)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from core.errors import InvalidCampaign
from core.sentences import N_


class Problem(ValueError):
    """Raised inside the terms' validators: a marked sentence and its values, carried through pydantic."""

    def __init__(self, template: str, **values: str | int) -> None:
        self.template, self.values = template, values
        super().__init__(template.format(**values) if values else template)


# pydantic's error kinds an admin's typing causes, and the bound each names (ctx key).
BY_KIND: dict[str, tuple[str, str | None]] = {
    "greater_than_equal": (N_("{field} must be at least {bound}"), "ge"),
    "greater_than": (N_("{field} must be more than {bound}"), "gt"),
    "less_than_equal": (N_("{field} must be at most {bound}"), "le"),
    "less_than": (N_("{field} must be less than {bound}"), "lt"),
    "string_too_short": (N_("{field} can't be empty"), None),
    "string_too_long": (N_("{field} must be at most {bound} characters"), "max_length"),
    "int_parsing": (N_("{field} must be a whole number"), None),
    "int_from_float": (N_("{field} must be a whole number"), None),
    "float_parsing": (N_("{field} must be a number, e.g. 0.8"), None),
    "bool_parsing": (N_("{field} must be yes or no"), None),
    "missing": (N_("{field} is required"), None),
    "timezone_aware": (N_("{field} must be a date and time with its time zone, e.g. 2030-01-31T18:00Z"), None),
    "datetime_parsing": (N_("{field} must be a date and time with its time zone, e.g. 2030-01-31T18:00Z"), None),
    "datetime_from_date_parsing": (
        N_("{field} must be a date and time with its time zone, e.g. 2030-01-31T18:00Z"),
        None,
    ),
}


def first_problem(exc: ValidationError) -> InvalidCampaign:
    """InvalidCampaign naming the first bad field, in words the catalogs hold."""
    error: Any = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"] if not isinstance(part, int)) or "terms"
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, Problem):
        return InvalidCampaign(cause.template, **cause.values)
    wording = BY_KIND.get(error["type"])
    if wording is not None:
        template, bound = wording
        values: dict[str, str | int] = {"field": field}
        if bound is not None:
            values["bound"] = str(error["ctx"][bound])
        return InvalidCampaign(template, **values)
    message = str(error["msg"]).removeprefix("Value error, ")
    return InvalidCampaign(N_("{field}: {problem}"), field=field, problem=message)
