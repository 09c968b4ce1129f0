"""The staffing problems of `firstcall bench staffing`, solved by pyworkforce's ErlangC (PyPI).
Reads a JSON Lines file of problems in `firstcall staffing --input` form. By default it times the
solving loop only and prints one JSON object with the seconds and pyworkforce's agent counts; with
`--lines` it does what `firstcall staffing --input` does, one answer line per problem line on
standard output, for timing whole runs (process start to last line) side by side."""

import argparse
import json
import sys
import time

from pyworkforce.queuing import ErlangC


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", required=True)
    parser.add_argument("--lines", action="store_true", help="write one answer per line instead of a summary")
    arguments = parser.parse_args()
    with open(arguments.problems) as source:
        problems = [json.loads(line) for line in source if line.strip()]
    raw, scheduled, answers = [], [], []
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
        if arguments.lines:
            answers.append(json.dumps(answer))
    if arguments.lines:
        sys.stdout.write("\n".join(answers) + "\n")
        return
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "agents": raw, "scheduledAgents": scheduled}))


if __name__ == "__main__":
    main()
