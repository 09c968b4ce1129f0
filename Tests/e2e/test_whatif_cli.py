"""`firstcall whatif` as a planner runs it: a day's forecast and staffing plan replayed through
the simulator beside Erlang A, one JSON line per interval, and a bad plan as one line with exit
code 2."""

import json
import subprocess

from conftest import binary


def whatif(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), "whatif", *arguments], capture_output=True, text=True, timeout=120)


def test_a_day_replays_beside_erlang_a(tmp_path):
    plan = tmp_path / "plan.csv"
    rows = ["timestamp,calls,agents"]
    for index in range(20):
        minute = 8 * 60 + 30 * index
        agents = 0 if index == 10 else 14
        rows.append(f"2026-12-07T{minute // 60:02d}:{minute % 60:02d}:00,100,{agents}")
    plan.write_text("\n".join(rows) + "\n")
    result = whatif("--plan", str(plan), "--aht-seconds", "180", "--patience-seconds", "300",
                    "--replications", "10", "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["timestamp"] for line in lines] == [row.split(",")[0] for row in rows[1:]]
    steady = lines[5]
    assert abs(steady["erlang"]["serviceLevel"] - 0.9168) < 1e-3
    assert abs(steady["erlang"]["abandonRate"] - 0.01398) < 1e-4
    assert set(steady["simulated"]) == {"serviceLevel", "averageSpeedOfAnswerSeconds", "abandonRate", "occupancy"}
    staffed = [line for line in lines if line["agents"] == 14][1:]
    pooled = sum(line["simulated"]["serviceLevel"] * line["simulatedOffered"] for line in staffed) / sum(
        line["simulatedOffered"] for line in staffed)
    assert 0.85 < pooled < 0.95, pooled
    empty = lines[10]
    assert empty["erlang"] is None
    assert empty["simulated"]["serviceLevel"] < 0.05 and empty["simulated"]["abandonRate"] > 0.5
    again = whatif("--plan", str(plan), "--aht-seconds", "180", "--patience-seconds", "300",
                   "--replications", "10", "--json")
    assert again.stdout == result.stdout


def test_a_bad_plan_is_one_line_and_exit_code_2(tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text("timestamp,calls,agents\n2026-12-07T08:00:00,100,many\n")
    result = whatif("--plan", str(plan), "--aht-seconds", "180")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f'firstcall: error: {plan}: line 2: agents "many" is not a whole number from 0 to 100000']
    result = whatif("--plan", str(plan), "--replications", "0")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
