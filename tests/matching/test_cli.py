"""``python -m kooperacja.matching``: round trip and rejection of bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kooperacja.matching import InstanceError, solve_instance
from kooperacja.matching.__main__ import main

VALID = {
    "candidates": [{"id": "anna"}, {"id": "bartek"}, {"id": "celina"}, {"id": "dawid"}],
    "openings": [{"id": "kuchnia", "capacity": 1}, {"id": "ogrod", "capacity": 2}],
    "edges": [
        ["anna", "kuchnia", 0],
        ["anna", "ogrod", 5],
        ["bartek", "kuchnia", 1],
        ["celina", "ogrod", 7],
        ["celina", "ogrod", 3],  # duplicate pair: the cheapest (3) counts
    ],
}


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kooperacja.matching", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_round_trip_from_file(tmp_path: Path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    proc = run_cli(str(path))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # anna -> ogrod (5), bartek -> kuchnia (1), celina -> ogrod (3); dawid has no pair.
    assert out == {
        "matched": 3,
        "cost": 9,
        "assignment": [["anna", "ogrod"], ["bartek", "kuchnia"], ["celina", "ogrod"]],
    }


def test_round_trip_from_stdin_with_details():
    proc = run_cli("-", "--details", stdin=json.dumps(VALID))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["matched"] == 3
    assert out["unplaced_no_edges"] == ["dawid"]
    assert out["unplaced_lost_to_competition"] == []
    assert out["vacancies"] == {}


def test_solve_instance_matches_cli():
    assert solve_instance(VALID)["cost"] == 9


def _with(**changes):
    data = json.loads(json.dumps(VALID))
    data.update(changes)
    return data


BAD = [
    pytest.param("{not json", "malformed JSON", id="malformed-json"),
    pytest.param(json.dumps([1, 2]), "JSON object", id="not-an-object"),
    pytest.param(json.dumps({"candidates": [], "openings": []}), '"edges"', id="missing-edges"),
    pytest.param(
        json.dumps(_with(edges=[["zenon", "kuchnia", 1]])), "unknown candidate id 'zenon'", id="unknown-candidate"
    ),
    pytest.param(json.dumps(_with(edges=[["anna", "biuro", 1]])), "unknown opening id 'biuro'", id="unknown-opening"),
    pytest.param(
        json.dumps(_with(candidates=[{"id": "anna"}, {"id": "anna"}])),
        "duplicate candidate id 'anna'",
        id="duplicate-candidate",
    ),
    pytest.param(
        json.dumps(_with(openings=[{"id": "kuchnia", "capacity": 1}, {"id": "kuchnia", "capacity": 2}])),
        "duplicate opening id 'kuchnia'",
        id="duplicate-opening",
    ),
    pytest.param(json.dumps(_with(edges=[["anna", "kuchnia", -4]])), "must not be negative", id="negative-cost"),
    pytest.param(json.dumps(_with(edges=[["anna", "kuchnia", 2.5]])), "cost must be an integer", id="float-cost"),
    pytest.param(json.dumps(_with(edges=[["anna", "kuchnia", "3"]])), "cost must be an integer", id="string-cost"),
    pytest.param(json.dumps(_with(edges=[["anna", "kuchnia", True]])), "cost must be an integer", id="bool-cost"),
    pytest.param(json.dumps(_with(edges=[["anna", "kuchnia"]])), "edges[0] must be", id="short-edge"),
    pytest.param(
        json.dumps(_with(openings=[{"id": "kuchnia", "capacity": 0}])), "capacity must be an integer >= 1", id="cap-0"
    ),
    pytest.param(
        json.dumps(_with(openings=[{"id": "kuchnia", "capacity": 1.5}])), "capacity must be an integer", id="cap-float"
    ),
    pytest.param(json.dumps(_with(openings=[{"id": "kuchnia"}])), "capacity", id="cap-missing"),
    pytest.param(json.dumps(_with(candidates=[{"id": ""}])), '"id" must be a non-empty string', id="empty-id"),
    pytest.param(json.dumps(_with(candidates=[{"name": "x"}])), '"id" must be a non-empty string', id="no-id"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_input_exits_2_with_message(text: str, message: str, monkeypatch, capsys):
    # In-process for speed; the subprocess tests below check the real exit status.
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["-"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "malformed JSON"),
        (json.dumps(_with(edges=[["anna", "kuchnia", -1]])), "edges[0]: cost must not be negative"),
    ],
)
def test_bad_input_process_exit_status(text: str, message: str):
    proc = run_cli("-", stdin=text)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stdout == ""


def test_missing_file_exits_2(tmp_path: Path, capsys):
    assert main([str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_solve_instance_raises_instance_error():
    with pytest.raises(InstanceError, match="unknown opening"):
        solve_instance(_with(edges=[["anna", "biuro", 1]]))
