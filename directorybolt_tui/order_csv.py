"""Reading many orders from a CSV file: one order per row, categories separated by ';' or ','."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .order_model import Order, OrderInvalid, parse_order

_ORDER_COLUMNS = {"package", "packageType", "order_key", "orderKey", "priority"}


@dataclass
class CsvRowProblem:
    line: int
    problems: list[str]


def read_orders_csv(path: Path, *, package: str | None) -> tuple[list[tuple[int, Order]], list[CsvRowProblem]]:
    good: list[tuple[int, Order]] = []
    bad: list[CsvRowProblem] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames:
            return [], [CsvRowProblem(1, ["the CSV file has no header row"])]
        for row in reader:
            line = reader.line_num
            business = {k: v for k, v in row.items() if k and k not in _ORDER_COLUMNS and v not in (None, "")}
            document = {"packageType": row.get("package") or row.get("packageType") or None,
                        "businessData": business}
            key = row.get("order_key") or row.get("orderKey") or None
            if None in row:
                bad.append(CsvRowProblem(line, ["more values than columns"]))
                continue
            try:
                good.append((line, parse_order(document, package=package, order_key=key)))
            except OrderInvalid as exc:
                bad.append(CsvRowProblem(line, exc.problems))
    return good, bad
