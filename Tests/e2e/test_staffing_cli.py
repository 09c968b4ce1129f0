"""`firstcall staffing` as planners and the held-out check call it: one problem from options, a
JSON Lines file answered line by line, and bad input as one line with exit code 2."""

import json
import subprocess

from conftest import ROOT, binary

FIXTURES = ROOT / "Tests" / "Fixtures" / "wfm"
KEYS = {"trafficErlangs", "agents", "scheduledAgents", "serviceLevel", "probabilityOfWaiting",
        "probabilityOfAbandon", "averageSpeedOfAnswerSeconds", "occupancy"}


def staffing(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), "staffing", *arguments], capture_output=True, text=True, timeout=120)


def test_one_problem_from_options():
    result = staffing("--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180",
                      "--target-service-level", "0.8", "--threshold-seconds", "20", "--shrinkage", "0.3", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == KEYS
    assert (answer["agents"], answer["scheduledAgents"]) == (14, 20)
    assert abs(answer["serviceLevel"] - 0.8883500191794669) < 1e-12
    erlang_a = json.loads(staffing("--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180",
                                   "--threshold-seconds", "20", "--patience-seconds", "300", "--agents", "14",
                                   "--json").stdout)
    assert abs(erlang_a["serviceLevel"] - 0.9167920918635468) < 1e-4
    assert abs(erlang_a["probabilityOfAbandon"] - 0.013983744122408938) < 1e-12


def test_every_reference_case_through_a_jsonl_file(tmp_path):
    lines, expected = [], []
    for case in json.loads((FIXTURES / "erlang_c.json").read_text())["cases"]:
        i = case["inputs"]
        lines.append({"calls": i["calls"], "intervalMinutes": i["interval_minutes"], "ahtSeconds": i["aht_seconds"],
                      "targetServiceLevel": i["target_sl"], "thresholdSeconds": i["target_time_seconds"],
                      "shrinkage": i["shrinkage"], "maxOccupancy": i["max_occupancy"]})
        expected.append((case["outputs"]["required_agents"], case["outputs"]["scheduled_agents"]))
    for case in json.loads((FIXTURES / "chat.json").read_text())["cases"]:
        i = case["inputs"]
        lines.append({"calls": i["chats"], "intervalMinutes": i["interval_minutes"], "ahtSeconds": i["aht_seconds"],
                      "targetServiceLevel": i["target_sl"], "thresholdSeconds": i["target_time_seconds"],
                      "shrinkage": i["shrinkage"], "maxOccupancy": i["max_occupancy"], "concurrency": i["concurrency"]})
        expected.append((case["outputs"]["required_agents"], case["outputs"]["scheduled_agents"]))
    for case in json.loads((FIXTURES / "erlang_a.json").read_text())["cases"]:
        i = case["inputs"]
        if i.get("target_sl") is None:
            continue
        lines.append({"calls": i["calls"], "intervalMinutes": i["interval_minutes"], "ahtSeconds": i["aht_seconds"],
                      "targetServiceLevel": i["target_sl"], "thresholdSeconds": i["target_time_seconds"],
                      "patienceSeconds": i["patience_seconds"]})
        expected.append((case["outputs"]["required_agents"], case["outputs"]["required_agents"]))
    problems = tmp_path / "problems.jsonl"
    problems.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = staffing("--input", str(problems))
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["agents"], a["scheduledAgents"]) for a in answers] == expected


def test_bad_input_is_one_line_and_exit_code_2(tmp_path):
    for arguments, message in [
        (["--calls", "-5", "--interval-minutes", "30", "--aht-seconds", "180", "--target-service-level", "0.8",
          "--threshold-seconds", "20"], "calls must not be negative"),
        (["--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180", "--target-service-level", "1",
          "--threshold-seconds", "20"], "targetServiceLevel must be above 0 and below 1"),
        (["--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180", "--threshold-seconds", "20",
          "--agents", "9"], "unstable"),
        (["--calls", "many"], "invalid"),
    ]:
        result = staffing(*arguments)
        assert result.returncode == 2, arguments
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('{"calls": 100, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, '
                     '"thresholdSeconds": 20}\n{"calls": "x"}\n')
    result = staffing("--input", str(mixed))
    assert result.returncode == 2
    out = result.stdout.splitlines()
    assert json.loads(out[0])["agents"] == 14 and "error" in json.loads(out[1])
    assert "mixed.jsonl:2" in result.stderr
