"""The M/M/N+M day of `firstcall bench simulator`, written the usual SimPy way, to compare
simulated calls per second. Prints one JSON object."""

import argparse
import json
import random
import time

import simpy


def simulate(days: int, seed: int, agents: int, rate_per_hour: float, handle_mean: float, patience_mean: float,
             threshold: float, warmup: float) -> dict:
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=agents)
    rng = random.Random(seed)
    counts = {"offered": 0, "answered": 0, "abandoned": 0, "withinThreshold": 0, "calls": 0}

    def call(env):
        arrived = env.now
        measured = arrived >= warmup
        counts["calls"] += 1
        if measured:
            counts["offered"] += 1
        patience = rng.expovariate(1 / patience_mean)
        with servers.request() as request:
            result = yield request | env.timeout(patience)
            if request in result:
                if measured:
                    counts["answered"] += 1
                    counts["withinThreshold"] += env.now - arrived <= threshold
                yield env.timeout(rng.expovariate(1 / handle_mean))
            elif measured:
                counts["abandoned"] += 1

    def arrivals(env):
        while True:
            yield env.timeout(rng.expovariate(rate_per_hour / 3600))
            env.process(call(env))

    env.process(arrivals(env))
    env.run(until=days * 86400)
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    started = time.perf_counter()
    counts = simulate(arguments.days, arguments.seed, agents=14, rate_per_hour=200, handle_mean=180,
                      patience_mean=300, threshold=20, warmup=3600)
    seconds = time.perf_counter() - started
    offered = max(counts["offered"], 1)
    print(json.dumps({
        "calls": counts["calls"], "seconds": seconds, "callsPerSecond": counts["calls"] / seconds,
        "serviceLevel": counts["withinThreshold"] / offered, "abandonRate": counts["abandoned"] / offered,
    }))


if __name__ == "__main__":
    main()
