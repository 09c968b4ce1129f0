"""`firstcall schedule` as the held-out check calls it: every reference instance solved within
1 % of its proven optimum (its run time is reported by `firstcall bench schedule`), the plan
checked here independently of the solver, and bad instances as one line with exit code 2."""

import json
import subprocess

import pytest

from conftest import ROOT, binary

INSTANCES = ROOT / "Tests" / "Fixtures" / "wfm" / "schedules"


def schedule(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), "schedule", *arguments], capture_output=True, text=True, timeout=120)


def check_plan(instance: dict, plan: dict) -> float:
    """Feasibility by the instance's `model`: returns the plan's cost."""
    templates = {template["name"]: template for template in instance["shift_templates"]}
    horizon = instance["horizon_intervals"]
    coverage = [0] * horizon
    used = {name: 0 for name in templates}
    cost = 0.0
    for shift in plan["shifts"]:
        template = templates[shift["template"]]
        start, offsets, count = shift["start"], shift["break_offsets"], shift["count"]
        assert isinstance(count, int) and count > 0
        assert start in template["start_intervals"] and start + template["length_intervals"] <= horizon
        assert len(offsets) == len(template["breaks"])
        on_break = set()
        for rule, offset in zip(template["breaks"], offsets):
            assert rule["earliest_offset"] <= offset <= rule["latest_offset"]
            occupied = set(range(offset, offset + rule["length_intervals"]))
            assert not occupied & on_break
            on_break |= occupied
        for step in range(template["length_intervals"]):
            if step not in on_break:
                coverage[start + step] += count
        used[shift["template"]] += count
        cost += template["cost"] * count
    for name, template in templates.items():
        if template.get("max_shifts") is not None:
            assert used[name] <= template["max_shifts"], name
    shortfalls = [t for t in range(horizon) if coverage[t] < instance["requirements"][t]]
    assert not shortfalls, shortfalls
    return cost


@pytest.mark.parametrize("name", ["day15_basic", "day15_breaks", "week30_247"])
def test_reference_instance_within_one_percent(name):
    instance = json.loads((INSTANCES / f"{name}.json").read_text())
    result = schedule("--input", str(INSTANCES / f"{name}.json"), "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    cost = check_plan(instance, plan)
    assert abs(cost - plan["cost"]) < 1e-6
    assert plan["lowerBound"] <= instance["optimal_cost"] + 1e-6
    assert cost <= 1.01 * instance["optimal_cost"], (cost, instance["optimal_cost"])


def test_bad_instances_are_one_line_and_exit_code_2(tmp_path):
    instance = json.loads((INSTANCES / "day15_basic.json").read_text())
    instance["requirements"] = instance["requirements"][:10]
    short = tmp_path / "short.json"
    short.write_text(json.dumps(instance))
    result = schedule("--input", str(short), "--json")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"firstcall: error: {short}: requirements has 10 entries for 96 horizon intervals"]
    night = json.loads((INSTANCES / "day15_basic.json").read_text())
    night["requirements"][2] = 5
    uncovered = tmp_path / "night.json"
    uncovered.write_text(json.dumps(night))
    result = schedule("--input", str(uncovered))
    assert result.returncode == 2 and "interval 2 needs agents but no shift template can work it" in result.stderr
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{\"horizon_intervals\": \"many\"}")
    result = schedule("--input", str(garbage))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
