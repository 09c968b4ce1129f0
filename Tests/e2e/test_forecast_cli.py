"""`firstcall forecast` as the held-out check calls it: the public holdout of the bank series cut
into files, scored by the protocol's WAPE and MASE, and bad files as one line with exit code 2."""

import csv
import json
import subprocess

from conftest import ROOT, binary

FIXTURES = ROOT / "Tests" / "Fixtures" / "wfm" / "forecast"


def forecast(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), "forecast", *arguments], capture_output=True, text=True, timeout=120)


def cut(level: str, tmp_path):
    with open(FIXTURES / f"bank_calls_{level}.csv") as source:
        rows = list(csv.reader(source))[1:]
    protocol = json.loads((FIXTURES / "holdout.json").read_text())["cut"]
    train = [row for row in rows if row[0][:10] <= protocol["train_end"]]
    test = [row for row in rows if row[0][:10] >= protocol["test_start"]]
    history, horizon = tmp_path / "history.csv", tmp_path / "horizon.csv"
    history.write_text("timestamp,calls\n" + "".join(f"{t},{c}\n" for t, c in train))
    horizon.write_text("timestamp\n" + "".join(f"{t}\n" for t, _ in test))
    return history, horizon, test


def test_public_holdout_beats_the_best_baseline_by_two_percent(tmp_path):
    levels = json.loads((FIXTURES / "holdout.json").read_text())["levels"]
    for level in ("5min", "15min"):
        history, horizon, test = cut(level, tmp_path)
        output = tmp_path / f"forecast_{level}.csv"
        holidays = tmp_path / "holidays.txt"
        holidays.write_text("# US federal holidays of 2003\n2003-05-26 Memorial Day\n2003-07-04\n2003-09-01\n"
                            "2003-10-13 Columbus Day\n")
        result = forecast("--history", str(history), "--horizon", str(horizon), "--output", str(output),
                          "--holidays", str(holidays))
        assert result.returncode == 0, result.stderr
        with open(output) as produced:
            rows = list(csv.reader(produced))
        assert rows[0] == ["timestamp", "calls"]
        assert [row[0] for row in rows[1:]] == [t for t, _ in test]
        actual = [float(c) for _, c in test]
        predicted = [float(row[1]) for row in rows[1:]]
        absolute = sum(abs(y - f) for y, f in zip(actual, predicted))
        wape = absolute / sum(actual)
        mase = absolute / len(actual) / levels[level]["mase_scale"]
        best = levels[level]["scores"]["seasonal_mean_8w"]
        assert wape <= 0.98 * best["WAPE"], (level, wape)
        assert mase <= 0.98 * best["MASE"], (level, mase)


def test_bad_files_are_one_line_and_exit_code_2(tmp_path):
    history, horizon, _ = cut("15min", tmp_path)
    output = tmp_path / "out.csv"
    broken = tmp_path / "broken.csv"
    broken.write_text("timestamp,calls\n2003-10-06T07:00:00,12\n2003-10-06T07:15:00,many\n")
    result = forecast("--history", str(broken), "--horizon", str(horizon), "--output", str(output))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f'firstcall: error: {broken}: line 3: calls "many" is not a number from 0 to 1e9']
    assert not output.exists()
    result = forecast("--history", str(history), "--horizon", str(history), "--output", str(output))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "is not after the history" in result.stderr
    result = forecast("--history", str(tmp_path / "missing.csv"), "--horizon", str(horizon), "--output", str(output))
    assert result.returncode == 2 and "cannot read the history file" in result.stderr
    result = forecast("--history", str(history), "--output", str(output))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
