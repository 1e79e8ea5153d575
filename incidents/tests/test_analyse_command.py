"""manage.py analyse: JSON on stdout, clear errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args) -> dict:
    out = StringIO()
    call_command("analyse", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def events_csv(tmp_path):
    lines = ["x,y,date"]
    lines += [f"{1000 + i % 3 * 20},{1000 + i % 2 * 20},2025-06-0{1 + i % 3}" for i in range(30)]  # a cluster
    lines += [f"{(i * 7919) % 20000},{(i * 104729) % 20000},2025-0{1 + i % 9}-1{i % 9}" for i in range(200)]
    path = tmp_path / "events.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_hotspots_lists_only_significant_cells(events_csv):
    result = _run("hotspots", str(events_csv), "--x", "x", "--y", "y", "--cell", "250", "--seed", "1")
    assert result["tested"] >= 1 and "Benjamini-Hochberg" in result["method"]
    assert [c["kind"] for c in result["cells"] if c["count"] >= 30] == ["hot"]
    assert all(c["p"] <= 0.05 for c in result["cells"])


def test_hotspots_with_esda_style_permutations_on_a_small_grid(tmp_path):
    # 6 × 6 cells of 250 m: a cluster of 40 in one cell among 60 spread out. The result is repeatable with
    # a seed and no p is below the permutation floor 1 / (9,999 + 1).
    lines = ["x,y"] + [f"{125 + 250 * (i % 6)},{125 + 250 * (i // 6 % 6)}" for i in range(60)]
    lines += ["600,600"] * 40
    path = tmp_path / "small.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = _run("hotspots", str(path), "--x", "x", "--y", "y", "--permutations", "9999", "--seed", "4")
    again = _run("hotspots", str(path), "--x", "x", "--y", "y", "--permutations", "9999", "--seed", "4")
    assert first == again and "conditional permutation" in first["method"]
    assert first["tested"] >= 1 and all(c["p"] >= 1 / 10_000 for c in first["cells"])
    with pytest.raises(CommandError, match="--permutations"):
        _run("hotspots", str(path), "--x", "x", "--y", "y", "--permutations", "5")


def test_knox_table(events_csv):
    result = _run(
        "knox",
        str(events_csv),
        "--x",
        "x",
        "--y",
        "y",
        "--date",
        "date",
        "--distance-bands",
        "0.1,200,400",
        "--time-bands",
        "7,14",
        "--permutations",
        "19",
        "--seed",
        "1",
    )
    assert result["events"] == 230
    assert result["distance_bands"] == [[0.0, 0.1], [0.1, 200.0], [200.0, 400.0]]
    assert len(result["observed"]) == 3 and len(result["observed"][0]) == 2
    assert result["observed"][1][0] > 0 and 0 < result["p_value"][1][0] <= 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--x", "east", "--y", "y", "--date", "date"], "Kolumn saknas: east"),
        (["--x", "x", "--y", "y", "--date", "date", "--date-format", "%d/%m/%Y"], "inget datum"),
    ],
)
def test_clear_errors(events_csv, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("analyse", "knox", str(events_csv), *args, "--distance-bands", "100", "--time-bands", "7")


def test_too_few_events(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("x,y\n1,1\n2,2\n")
    with pytest.raises(CommandError, match="Minst tre"):
        call_command("analyse", "hotspots", str(path), "--x", "x", "--y", "y")


def test_wdd_from_the_command_line_reproduces_the_paper():
    result = _run(
        "wdd", "--target", "207,110", "--control", "308,318", "--buffer", "178,157", "--buffer-control", "150,140"
    )
    assert {k: round(v, 2) for k, v in result.items() if k in ("estimate", "z", "ci_low", "ci_high")} == {
        "estimate": -118.0,
        "z": -2.98,
        "ci_low": -195.61,
        "ci_high": -40.39,
    }
    assert result["se"] == pytest.approx(1568**0.5)


def test_wdq_and_etest_from_the_command_line():
    assert _run("wdq", "--target", "100,60", "--control", "200,180", "--buffer", "80,70") == {
        "wdq": pytest.approx(1 / 15),
        "success": pytest.approx(-1 / 6),
        "buffer": pytest.approx(-1 / 90),
        "total_net_effect": pytest.approx(32),
    }
    result = _run("etest", "11", "21", "--exposure1", "800", "--exposure2", "3011")
    assert set(result) == {"p_value", "rate_ratio", "ci_low", "ci_high"}
    assert result["rate_ratio"] == pytest.approx(1.971488, abs=1e-6)


@pytest.mark.parametrize(
    "args, message",
    [
        (["wdd", "--target=-1,2", "--control", "3,3"], "inte är negativa"),
        (["wdd", "--target", "1,2,3", "--control", "3,3"], "två antal"),
        (["wdd", "--target", "1,2", "--control", "3,3", "--buffer", "1,1"], "både --buffer och --buffer-control"),
        (["wdd", "--target", "1,x", "--control", "3,3"], "tal åtskilda med komma"),
        (["wdq", "--target", "1,2", "--control", "0,3"], "både före och efter"),
        (["etest", "0", "0"], "Båda antalen är noll"),
        (["etest", "3", "4", "--exposure1", "0"], "positiva"),
    ],
)
def test_evaluation_errors_are_clear(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("analyse", *args, stdout=StringIO())
