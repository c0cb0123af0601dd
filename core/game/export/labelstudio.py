"""Label Studio JSON: a task per item, the consensus label as a prediction, each answer as an annotation.

Import it into a project whose labeling config is `label_config(...)`: a Choices control named "label" whose
choice values are the campaign's choice keys (a Number control for numeric campaigns).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from core.game.export.source import ExportItem
from core.types import Choice, TaskKind

MODEL_VERSION = "chatlabel-consensus"


def label_config(kind: TaskKind, question: str, choices: tuple[Choice, ...]) -> str:
    target = "image" if kind in (TaskKind.IMAGE_BINARY, TaskKind.IMAGE_CATEGORY) else "text"
    shown = '<Image name="image" value="$image"/>' if target == "image" else '<Text name="text" value="$text"/>'
    if kind is TaskKind.NUMERIC:
        control = f'<Number name="label" toName="{target}"/>'
    else:
        options = "".join(f"<Choice value={quoteattr(c.key)} alias={quoteattr(c.label)}/>" for c in choices)
        control = f'<Choices name="label" toName="{target}" choice="single">{options}</Choices>'
    return f"<View><Header value={quoteattr(question)}/>{shown}{control}</View>"


class LabelStudioWriter:
    """A JSON array written one task at a time, so the whole export never sits in memory."""

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self._file: IO[str] = path.open("w", encoding="utf-8")
        self._kind = TaskKind(meta["kind"])
        self._first = True
        self._file.write("[")

    def write(self, items: list[ExportItem]) -> None:
        for item in items:
            self._file.write("\n" if self._first else ",\n")
            self._file.write(json.dumps(self.task(item), ensure_ascii=False))
            self._first = False

    def close(self) -> None:
        self._file.write("\n]\n")
        self._file.close()

    def task(self, item: ExportItem) -> dict[str, Any]:
        target = "image" if item.image and self._kind is not TaskKind.COMPARISON else "text"
        data: dict[str, Any] = {
            "text": item.text,
            "item_id": item.item_id,
            "external_id": item.external_id,
            "status": item.status,
            "confidence": item.confidence,
            "n_answers": item.n_answers,
            "known_answer": item.known_answer,
            "gold": item.gold,
        }
        if item.image:
            data["image"] = item.image
        if len(item.answers_shown) == 2:
            data["answer_a"], data["answer_b"] = item.answers_shown
        if item.system_a is not None:
            data["system_a"], data["system_b"] = item.system_a, item.system_b
        task: dict[str, Any] = {"data": data, "annotations": [], "predictions": []}
        if item.label is not None:
            task["predictions"].append(
                {"model_version": MODEL_VERSION, "score": item.confidence, "result": [self._result(item.label, target)]}
            )
        for answer in item.answers:
            task["annotations"].append(
                {
                    "result": [self._result(answer.choice, target)],
                    "created_at": answer.answered_at.isoformat(),
                    "was_cancelled": False,
                    "ground_truth": False,
                    # Pseudonymous: no Label Studio user stands behind it.
                    "worker": answer.worker,
                    "counted": answer.counted,
                }
            )
        return task

    def _result(self, value: str, target: str) -> dict[str, Any]:
        if self._kind is TaskKind.NUMERIC:
            return {"from_name": "label", "to_name": target, "type": "number", "value": {"number": _number(value)}}
        return {"from_name": "label", "to_name": target, "type": "choices", "value": {"choices": [value]}}


def _number(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value
