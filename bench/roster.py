"""Roster import speed: 20,000 generated rows from GBK CSV and from XLSX.

Compares ``import_roster`` (streamed reading, one transaction for all rows)
with the obvious first version in the same run: charset-normalizer on the
whole file, ``csv.DictReader`` (or openpyxl in normal mode) and one store
write per row.  Prints seconds, rows per second and the ratio.

    python bench/roster.py [--rows 20000] [--baseline-rows 20000]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import charset_normalizer
import openpyxl

from checkin.demo import DEMO_CATEGORIES, DEMO_EVENT, morning_start
from checkin.model import AttendeeRecord
from checkin.roster import import_roster, read_roster
from checkin.store import Store

HEADERS = ["编号", "姓名", "英文名", "单位", "职位", "邮箱", "手机", "类别", "备注"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚英华建文辉晨思宇浩欣怡"
COMPANIES = ["宝武钢铁集团", "上海交通大学", "华为技术有限公司", "Acme Ventures", "复旦大学"]
CATEGORIES = ["参会者", "创业者", "Investor", "媒体", "Speaker", "工作人员", "贵宾"]


def generated_rows(count: int, seed: int = 7) -> Iterator[list[str]]:
    rng = random.Random(seed)
    for number in range(1, count + 1):
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        yield [
            str(number),
            name,
            f"Person {number}",
            rng.choice(COMPANIES),
            "经理",
            f"p{number}@example.com",
            f"138{number:08d}",
            rng.choice(CATEGORIES),
            "需要轮椅" if number % 97 == 0 else "",
        ]


def write_csv(path: Path, count: int) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(generated_rows(count))
    path.write_bytes(buffer.getvalue().encode("gbk"))


def write_xlsx(path: Path, count: int) -> None:
    # Normal mode, unlike write-only mode, records the sheet's size as Excel
    # does; without it openpyxl reads the whole sheet once just to size it.
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in generated_rows(count):
        sheet.append([int(row[0]), *row[1:6], int(row[6]), *row[7:]])
    book.save(path)


def new_store(path: Path) -> Store:
    return Store.create(
        path,
        event=DEMO_EVENT,
        categories=DEMO_CATEGORIES,
        gates=(),
        key=bytes(32),
        now=morning_start(),
    )


# -- the naive way ----------------------------------------------------------------

NAIVE_FIELDS = {
    "编号": "number",
    "姓名": "name",
    "英文名": "name_alt",
    "单位": "company",
    "职位": "title",
    "邮箱": "email",
    "手机": "phone",
    "类别": "category",
    "备注": "note",
}


def naive_record(row: dict[str, str], labels: dict[str, str]) -> AttendeeRecord:
    values = {NAIVE_FIELDS[key]: (value or "").strip() for key, value in row.items()}
    values["category"] = labels.get(values["category"].lower(), values["category"])
    return AttendeeRecord(**{**values, "number": int(values["number"])})  # type: ignore[arg-type]


def category_labels() -> dict[str, str]:
    labels = {c.name.lower(): c.name for c in DEMO_CATEGORIES}
    labels.update({c.label_zh: c.name for c in DEMO_CATEGORIES})
    return labels


def naive_csv(store: Store, path: Path, limit: int) -> int:
    best = charset_normalizer.from_path(path).best()
    assert best is not None
    text = str(best)
    labels = category_labels()
    count = 0
    for row in csv.DictReader(io.StringIO(text)):
        if count == limit:
            break
        store.upsert_attendees([naive_record(row, labels)], morning_start())
        count += 1
    return count


def naive_xlsx(store: Store, path: Path, limit: int) -> int:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell) for cell in next(rows)]
    labels = category_labels()
    count = 0
    for values in rows:
        if count == limit:
            break
        row = {
            key: "" if value is None else str(value)
            for key, value in zip(header, values, strict=False)
        }
        store.upsert_attendees([naive_record(row, labels)], morning_start())
        count += 1
    return count


# -- measuring --------------------------------------------------------------------

T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def bench_file(
    label: str, path: Path, naive: Callable[[Store, Path, int], int], rows: int, limit: int
) -> None:
    folder = path.parent
    read_s, read_n = timed(lambda: len(read_roster(path, categories=DEMO_CATEGORIES).rows))
    with new_store(folder / f"ours-{path.suffix[1:]}.db") as store:
        ours_s, first = timed(lambda: import_roster(store, path, now=morning_start()))
        again_s, again = timed(lambda: import_roster(store, path, now=morning_start()))
    if first.errors or first.added != rows or again.unchanged != rows:
        sys.exit(f"unexpected import results: {first}, then {again}")
    ours_n, again_n = first.added, again.unchanged
    with new_store(folder / f"naive-{path.suffix[1:]}.db") as store:
        naive_s, naive_n = timed(lambda: naive(store, path, limit))
    naive_rate = naive_n / naive_s
    naive_full = rows / naive_rate
    print(f"{label} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"  {'read_roster (no store)':26}{read_s:9.2f}{read_n / read_s:10,.0f}")
    print(f"  {'import_roster':26}{ours_s:9.2f}{ours_n / ours_s:10,.0f}")
    print(f"  {'re-import (no change)':26}{again_s:9.2f}{again_n / again_s:10,.0f}")
    print(f"  {'naive, one write per row':26}{naive_s:9.2f}{naive_rate:10,.0f}")
    print(
        f"  ratio: import_roster is {naive_full / ours_s:.1f}x faster "
        f"(naive at {rows:,} rows: {naive_full:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument(
        "--baseline-rows",
        type=int,
        default=None,
        help="rows the naive way writes (default: all; fewer extrapolates its rate)",
    )
    args = parser.parse_args()
    limit = args.baseline_rows or args.rows
    with tempfile.TemporaryDirectory() as folder:
        csv_path, xlsx_path = Path(folder) / "roster.csv", Path(folder) / "roster.xlsx"
        write_csv(csv_path, args.rows)
        write_xlsx(xlsx_path, args.rows)
        print(f"roster import of {args.rows:,} rows (naive: {limit:,} rows)")
        print(f"{'':28}{'seconds':>9}{'rows/s':>10}")
        bench_file("CSV (GBK)", csv_path, naive_csv, args.rows, limit)
        bench_file("XLSX", xlsx_path, naive_xlsx, args.rows, limit)


if __name__ == "__main__":
    main()
