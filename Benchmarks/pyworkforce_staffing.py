"""The staffing problems of `firstcall bench staffing`, solved by pyworkforce's ErlangC (PyPI),
timed over the solving loop only. Reads a JSON Lines file of problems in `firstcall staffing
--input` form; prints one JSON object with the seconds and pyworkforce's agent counts."""

import argparse
import json
import time

from pyworkforce.queuing import ErlangC


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", required=True)
    arguments = parser.parse_args()
    with open(arguments.problems) as source:
        problems = [json.loads(line) for line in source if line.strip()]
    raw, scheduled = [], []
    started = time.perf_counter()
    for problem in problems:
        minutes = problem["intervalMinutes"]
        erlang = ErlangC(transactions=problem["calls"], aht=problem["ahtSeconds"] / 60,
                         asa=problem["thresholdSeconds"] / 60, interval=minutes,
                         shrinkage=problem.get("shrinkage", 0.0))
        answer = erlang.required_positions(service_level=problem["targetServiceLevel"],
                                           max_occupancy=problem.get("maxOccupancy", 1.0))
        raw.append(answer["raw_positions"])
        scheduled.append(answer["positions"])
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "agents": raw, "scheduledAgents": scheduled}))


if __name__ == "__main__":
    main()
