"""Reading an items file (CSV or JSONL) into plain rows, with the file's own limits enforced."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ITEM_FILES = ("items.jsonl", "items.csv")
Row = dict[str, Any]


class ItemsFileError(ValueError):
    """The items file as a whole cannot be used."""


def find_items_file(root: Path) -> Path | None:
    for name in ITEM_FILES:
        candidate = root / name
        if candidate.is_file() and not candidate.is_symlink():
            return candidate
    return None


def read_text(path: Path, max_bytes: int) -> str:
    if path.stat().st_size > max_bytes:
        raise ItemsFileError(f"{path.name} is larger than {max_bytes} bytes")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ItemsFileError(f"{path.name} is not UTF-8 text") from exc


MAX_NESTING = 32


def _nesting(line: str) -> int:
    """The deepest bracket nesting outside strings (a row is flat: anything deep is hostile)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in line:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def iter_rows(path: Path, text: str) -> Iterator[tuple[str, Row | str]]:
    """Yield (where, row) pairs; a row that cannot be parsed comes back as the reason string."""
    if path.suffix == ".jsonl":
        yield from _jsonl_rows(path.name, text)
    else:
        yield from _csv_rows(path.name, text)


def _jsonl_rows(name: str, text: str) -> Iterator[tuple[str, Row | str]]:
    # Rows end at "\n" only: splitlines() would also split at U+2028 and the like, which JSON strings may hold raw.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        if _nesting(line) > MAX_NESTING:
            # Checked before parsing: the C parser can exhaust the thread's stack before Python's recursion
            # limit notices, which kills the process instead of raising.
            yield where, "JSON nested too deeply"
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, f"not valid JSON: {exc.msg}"
            continue
        except ValueError:  # Python refuses to read an integer of more than 4,300 digits
            yield where, "not valid JSON: a number in it is too long"
            continue
        except RecursionError:
            yield where, "JSON nested too deeply"
            continue
        yield (
            where,
            ({str(k).strip().lower(): v for k, v in row.items()} if isinstance(row, dict) else "not a JSON object"),
        )


def _csv_rows(name: str, text: str) -> Iterator[tuple[str, Row | str]]:
    # Strict: an unterminated quote raises at the end instead of turning the rest of the file into one field.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    started = 1
    try:
        if reader.fieldnames is None:
            return
        started = reader.line_num + 1
        for row in reader:
            where = f"{name}:{reader.line_num}"
            started = reader.line_num + 1
            if None in row:
                yield where, "more fields than the header names"
                continue
            yield where, {k.strip().lower(): v for k, v in row.items() if k is not None}
    except csv.Error as exc:
        # A broken quote would swallow the rest of the file; nothing after it can be trusted.
        raise ItemsFileError(f"{name} is not valid CSV in the row from line {started}: {exc}") from exc
