"""Exports of a campaign's results: CSV, JSONL, Label Studio JSON and Parquet, streamed in chunks."""

from core.types import ExportFormat, ExportResult

__all__ = ["ExportFormat", "ExportResult"]
