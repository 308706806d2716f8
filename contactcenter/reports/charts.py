"""The data a chart is made of."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]


@dataclass(frozen=True)
class Baseline:
    label: str
    value: float


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    kind: str
    labels: list[str]
    series: list[Series]
    unit: str = ""
    baseline: Baseline | None = None
    note: str = ""
