"""Parquet, loadable with `datasets.load_dataset("parquet", data_files=...)`: one row group per chunk of items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from core.game.export.source import ExportItem

ANSWER = pa.struct(
    [
        pa.field("worker", pa.string()),
        pa.field("choice", pa.string()),
        pa.field("answered_at", pa.timestamp("us", tz="UTC")),
        pa.field("counted", pa.bool_()),
        pa.field("weight", pa.float64()),
    ]
)
SCHEMA = pa.schema(
    [
        pa.field("item_id", pa.int64()),
        pa.field("external_id", pa.string()),
        pa.field("text", pa.string()),
        pa.field("image", pa.string()),
        pa.field("answers_shown", pa.list_(pa.string())),
        pa.field("system_a", pa.string()),
        pa.field("system_b", pa.string()),
        pa.field("status", pa.string()),
        pa.field("label", pa.string()),
        pa.field("confidence", pa.float64()),
        pa.field("n_answers", pa.int32()),
        pa.field("known_answer", pa.string()),
        pa.field("gold", pa.bool_()),
        pa.field("answers", pa.list_(ANSWER)),
    ]
)


class ParquetWriter:
    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        schema = SCHEMA.with_metadata({"chatlabel.campaign": str(meta.get("name", ""))})
        self._writer = pq.ParquetWriter(str(path), schema, compression="zstd")
        self._schema = schema

    def write(self, items: list[ExportItem]) -> None:
        self._writer.write_table(pa.Table.from_batches([self.batch(items)], schema=self._schema))

    def close(self) -> None:
        self._writer.close()

    def batch(self, items: list[ExportItem]) -> pa.RecordBatch:
        # Answers are built column-wise with offsets: a million small dicts would cost far more.
        offsets, workers, choices, times, counted, weights = [0], [], [], [], [], []
        for item in items:
            for answer in item.answers:
                workers.append(answer.worker)
                choices.append(answer.choice)
                times.append(answer.answered_at)
                counted.append(answer.counted)
                weights.append(answer.weight)
            offsets.append(len(workers))
        structs = pa.StructArray.from_arrays(
            [
                pa.array(workers, pa.string()),
                pa.array(choices, pa.string()),
                pa.array(times, pa.timestamp("us", tz="UTC")),
                pa.array(counted, pa.bool_()),
                pa.array(weights, pa.float64()),
            ],
            fields=list(ANSWER),
        )
        answers = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), structs, type=pa.list_(ANSWER))
        columns = [
            pa.array([i.item_id for i in items], pa.int64()),
            pa.array([i.external_id for i in items], pa.string()),
            pa.array([i.text for i in items], pa.string()),
            pa.array([i.image for i in items], pa.string()),
            pa.array([list(i.answers_shown) for i in items], pa.list_(pa.string())),
            pa.array([i.system_a for i in items], pa.string()),
            pa.array([i.system_b for i in items], pa.string()),
            pa.array([i.status for i in items], pa.string()),
            pa.array([i.label for i in items], pa.string()),
            pa.array([i.confidence for i in items], pa.float64()),
            pa.array([i.n_answers for i in items], pa.int32()),
            pa.array([i.known_answer for i in items], pa.string()),
            pa.array([i.gold for i in items], pa.bool_()),
            answers,
        ]
        return pa.RecordBatch.from_arrays(columns, schema=self._schema)
