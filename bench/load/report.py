"""The load benchmark's table, printed and written as JSON."""

import json
from pathlib import Path

COLUMNS = (
    ("page / endpoint", 32),
    ("persona", 11),
    ("req/s", 7),
    ("p50 ms", 8),
    ("p95 ms", 8),
    ("errors", 6),
    ("queries", 7),
    ("bare req/s", 10),
    ("bare p95", 8),
    ("ratio", 6),
)


def _number(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def format_row(row: dict) -> list[str]:
    queries = row["queries"]
    if queries is not None and row["queries_min"] != row["queries_max"]:
        shown = f"{row['queries_min']}–{row['queries_max']}"
    else:
        shown = _number(queries, 0)
    return [
        row["name"],
        row["persona"],
        _number(row["rps"]),
        _number(row["p50_ms"]),
        _number(row["p95_ms"]),
        str(row["errors"]),
        shown,
        _number(row["bare"]["rps"]),
        _number(row["bare"]["p95_ms"]),
        "–" if row["ratio"] is None else f"{row['ratio'] * 100:.0f} %",
    ]


def print_table(rows: list[dict], header: bool = True) -> None:
    """The table; a bare list that had errors is named below its row (its figures are then not a reference)."""
    if header:
        print(" ".join(title.ljust(width) if i < 2 else title.rjust(width) for i, (title, width) in enumerate(COLUMNS)))
    for row in rows:
        cells = format_row(row)
        print(
            " ".join(
                cell.ljust(width) if i < 2 else cell.rjust(width)
                for i, (cell, (_title, width)) in enumerate(zip(cells, COLUMNS, strict=True))
            ),
            flush=True,
        )
        if row["bare"]["errors"]:
            print(f"  ! the bare list had {row['bare']['errors']} errors: {row['bare']['statuses']}", flush=True)


def markdown_table(rows: list[dict]) -> str:
    """The table as bench/README.md shows it."""
    lines = ["| " + " | ".join(title for title, _width in COLUMNS) + " |"]
    lines.append("|---|---|" + "---:|" * (len(COLUMNS) - 2))
    lines.extend("| " + " | ".join(format_row(row)) + " |" for row in rows)
    return "\n".join(lines)


def write_results(path: Path, meta: dict, rows: list[dict]) -> None:
    path.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    """``python bench/load/report.py bench/load/results-postgresql.json``: the recorded table as Markdown."""
    import sys

    for name in sys.argv[1:]:
        recorded = json.loads(Path(name).read_text())
        meta = recorded["meta"]
        data = "the demo region" if meta["personas"] == "demo" else f"the generated country at scale {meta['scale']}"
        load = ", ".join(f"{value:.1f}" for value in meta["load_average_before"])
        print(
            f"{meta['database']}, {data}, {meta['clients']} clients, {meta['seconds']} s per endpoint and per bare "
            f"list in {meta.get('rounds', 1)} slice(s), started {meta['started']}, load average before {load}"
        )
        print()
        print(markdown_table(recorded["rows"]))
        print()


if __name__ == "__main__":
    main()
