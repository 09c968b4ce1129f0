"""Contact-record files for `firstcall report --contacts`, and the same report computed by DuckDB.

    python3 Benchmarks/contact_records.py generate FILE --rows N [--seed S] [--bad-share 0.005]
    python3 Benchmarks/contact_records.py duckdb FILE [--fcr-window-hours 2] [...]   # the report as JSON
    python3 Benchmarks/contact_records.py bench FILE [--firstcall PATH]              # both, timed side by side

The DuckDB report is written from the README's definitions alone, in SQL, so that it checks
FirstCall's streaming report independently (the end-to-end tests compare the two on fresh seeded
files) and times it: `bench` runs both on the same file and prints wall time and peak resident
memory of each.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

QUEUES = ["售后服务", "账单", "技术支持", "Sales, EMEA", "VIP \"gold\""]
REASONS = ["退款", "物流", "账号", "发票", "refund", ""]
CHANNELS = ["voice", "chat", "email"]
PHRASES = [
    "您好，请问有什么可以帮您？", "我的快递三天了还没到", "上次说好给我退款，还是没解决", "Hello, I called before about my bill",
    "好的，谢谢，再见", "订单号 20261204, 收件人 \"王先生\"", "I already called about this\nand nobody answered",
]
CHINA = timezone(timedelta(hours=8))


def timestamp(instant: datetime, rng: random.Random) -> str:
    """ISO 8601 with an offset: mostly +08:00 in whole seconds, sometimes UTC or with a fraction."""
    draw = rng.random()
    if draw < 0.9:
        return instant.astimezone(CHINA).isoformat(timespec="seconds")
    if draw < 0.95:
        return instant.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    return instant.astimezone(CHINA).isoformat(timespec="milliseconds")


def quoted(text: str) -> str:
    if any(ch in text for ch in ",\"\n\r"):
        return "\"" + text.replace("\"", "\"\"") + "\""
    return text


def seconds(value: float, rng: random.Random) -> str:
    return f"{value:.1f}" if rng.random() < 0.1 else str(int(value))


def generate(path: str, rows: int, seed: int, bad_share: float, start: datetime | None = None) -> None:
    """Writes `rows` contacts in arrival order over about a week: customers come back within hours
    (repeats), some contacts end in self-service, some are abandoned (short ones too), and a share
    of rows has a missing or broken arrival or end. The week starts on 2 March 2026 unless
    `start` says otherwise."""
    rng = random.Random(seed)
    start = start or datetime(2026, 3, 2, 0, 0, tzinfo=timezone.utc)
    gap = 7 * 86_400 / max(rows, 1)
    recent: list[str] = []
    clock = 0.0
    agents = [f"agent-{n:03d}" for n in range(max(5, min(800, rows // 2000)))]
    header = ("contact_id,customer_id,channel,queue,reason,arrived_at,queued_at,answered_at,ended_at,agent_id,"
              "talk_seconds,hold_seconds,wrap_seconds,transferred,csat,survey_first_contact,transcript\n")
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(header)
        lines = []
        for number in range(rows):
            clock += rng.expovariate(1 / gap)
            arrived = start + timedelta(seconds=clock)
            if recent and rng.random() < 0.3:
                customer = rng.choice(recent)
            elif rng.random() < 0.05:
                customer = ""
            else:
                customer = f"cust-{rng.randrange(rows * 3 + 10):08d}"
                recent.append(customer)
                if len(recent) > 500:
                    recent.pop(rng.randrange(len(recent)))
            queue = rng.choice(QUEUES)
            reason = rng.choice(REASONS)
            fields = [""] * 17
            fields[0], fields[1], fields[2] = f"c{number:09d}", customer, rng.choice(CHANNELS)
            fields[4], fields[5] = quoted(reason), timestamp(arrived, rng)
            if rng.random() < 0.15:
                ended = arrived + timedelta(seconds=rng.uniform(10, 300))
            else:
                fields[3] = quoted(queue)
                queued = arrived + timedelta(seconds=rng.uniform(0, 60))
                fields[6] = timestamp(queued, rng)
                wait = rng.expovariate(1 / 25)
                if rng.random() < 0.85:
                    answered = queued + timedelta(seconds=wait)
                    talk, hold = rng.uniform(30, 600), (rng.uniform(0, 60) if rng.random() < 0.3 else 0)
                    ended = answered + timedelta(seconds=talk + hold)
                    fields[7], fields[9] = timestamp(answered, rng), rng.choice(agents)
                    fields[10], fields[12] = seconds(talk, rng), seconds(rng.uniform(0, 90), rng)
                    fields[11] = "" if rng.random() < 0.02 else seconds(hold, rng)
                    fields[13] = "true" if rng.random() < 0.08 else "false"
                    if rng.random() < 0.3:
                        fields[14] = str(rng.choice([1, 2, 3, 4, 4, 5, 5, 5]))
                    if rng.random() < 0.2:
                        fields[15] = rng.choice(["yes", "yes", "no"])
                    if rng.random() < 0.5:
                        fields[16] = quoted(rng.choice(PHRASES))
                else:
                    ended = queued + timedelta(seconds=wait if rng.random() < 0.7 else rng.uniform(0, 5))
                    fields[13] = "false"
            fields[8] = timestamp(ended, rng)
            if rng.random() < bad_share:
                broken = rng.choice([5, 8])
                fields[broken] = rng.choice(["", "not-a-date", "2026-02-30T10:00:00+08:00", "yesterday"])
            lines.append(",".join(fields) + "\n")
            if len(lines) >= 10_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


def first_offset_seconds(path: str) -> int:
    """The UTC offset of the first row's arrival whose time parses: intervals are cut in it."""
    import csv
    with open(path, encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            try:
                arrived = datetime.fromisoformat(row["arrived_at"].replace("Z", "+00:00"))
                datetime.fromisoformat(row["ended_at"].replace("Z", "+00:00"))
            except ValueError:
                continue
            return int(arrived.utcoffset().total_seconds()) if arrived.utcoffset() else 0
    return 0


FIGURES = """
    count(*) AS contacts,
    count(queued) AS offered,
    count(answered) AS answered,
    count(*) FILTER (WHERE queued IS NOT NULL AND answered IS NULL) AS abandoned,
    count(*) FILTER (WHERE queued IS NOT NULL AND answered IS NULL AND epoch(ended) - epoch(queued) < $short)
        AS short_abandoned,
    count(*) FILTER (WHERE answered IS NOT NULL AND epoch(answered) - epoch(queued) <= $threshold) AS within,
    avg(epoch(answered) - epoch(queued)) FILTER (WHERE answered IS NOT NULL) AS asa,
    avg(talk + hold + wrap) FILTER (WHERE answered IS NOT NULL) AS aht,
    avg(talk) FILTER (WHERE answered IS NOT NULL) AS talk_mean,
    count(*) FILTER (WHERE answered IS NOT NULL AND transferred) AS transferred,
    count(*) FILTER (WHERE answered IS NOT NULL AND customer IS NOT NULL) AS fcr_base,
    count(*) FILTER (WHERE answered IS NOT NULL AND customer IS NOT NULL AND NOT repeated) AS fcr_resolved,
    count(survey) AS surveyed,
    count(*) FILTER (WHERE survey) AS survey_yes,
    count(csat) AS rated,
    count(*) FILTER (WHERE csat >= 4) AS satisfied,
    avg(csat) AS csat_mean,
    count(*) FILTER (WHERE queued IS NULL AND NOT repeated) AS contained
"""


TYPES = {"contact_id": "VARCHAR", "customer_id": "VARCHAR", "channel": "VARCHAR", "queue": "VARCHAR",
         "reason": "VARCHAR", "arrived_at": "TIMESTAMPTZ", "queued_at": "TIMESTAMPTZ", "answered_at": "TIMESTAMPTZ",
         "ended_at": "TIMESTAMPTZ", "agent_id": "VARCHAR", "talk_seconds": "DOUBLE", "hold_seconds": "DOUBLE",
         "wrap_seconds": "DOUBLE", "transferred": "VARCHAR", "csat": "VARCHAR", "survey_first_contact": "VARCHAR",
         "transcript": "VARCHAR"}


def duckdb_report(path: str, fcr_window_hours=2.0, threshold=20.0, short=5.0, interval_minutes=30,
                  typed=False) -> dict:
    """The report of README "Contact records", computed by DuckDB SQL from the definitions. `typed`
    has DuckDB's CSV reader parse the times and numbers itself (its fastest way, for files with no
    broken rows); otherwise every field is read as text and cast, so that a broken row is left out."""
    import duckdb
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    columns = ("columns = {" + ", ".join(f"'{name}': '{kind}'" for name, kind in TYPES.items()) + "}"
               if typed else "all_varchar = true")
    offset = first_offset_seconds(path)
    step = interval_minutes * 60
    connection.execute(f"""
        CREATE TEMP TABLE contacts AS
        WITH raw AS (
            SELECT * FROM read_csv(?, header = true, {columns}, quote = '"', escape = '"')
        ), typed AS (
            SELECT row_number() OVER () AS id,
                NULLIF(customer_id, '') AS customer, NULLIF(queue, '') AS queue, NULLIF(agent_id, '') AS agent,
                NULLIF(reason, '') AS reason,
                TRY_CAST(arrived_at AS TIMESTAMPTZ) AS arrived, TRY_CAST(queued_at AS TIMESTAMPTZ) AS queued,
                TRY_CAST(answered_at AS TIMESTAMPTZ) AS answered, TRY_CAST(ended_at AS TIMESTAMPTZ) AS ended,
                TRY_CAST(talk_seconds AS DOUBLE) AS talk, TRY_CAST(hold_seconds AS DOUBLE) AS hold,
                TRY_CAST(wrap_seconds AS DOUBLE) AS wrap,
                coalesce(lower(trim(transferred)) IN ('true', '1', 'yes', 'y', '是'), false) AS transferred,
                TRY_CAST(csat AS INTEGER) AS csat,
                CASE WHEN lower(trim(survey_first_contact)) IN ('yes', 'true', '1', 'y', '是') THEN true
                     WHEN lower(trim(survey_first_contact)) IN ('no', 'false', '0', 'n', '否') THEN false END AS survey
            FROM raw
        )
        SELECT *, CAST(floor((epoch(arrived) + {offset}) / {step}) * {step} - {offset} AS BIGINT) AS interval_start
        FROM typed WHERE arrived IS NOT NULL AND ended IS NOT NULL
    """, [path])
    connection.execute(f"""
        CREATE TEMP TABLE repeated AS
        SELECT DISTINCT x.id FROM contacts x JOIN contacts y
          ON x.customer = y.customer AND x.id <> y.id
         AND y.arrived > x.ended AND y.arrived <= x.ended + INTERVAL {int(fcr_window_hours * 3_600_000_000)} MICROSECONDS
         AND (x.reason IS NULL OR y.reason IS NULL OR x.reason = y.reason)
    """)
    figures = FIGURES.replace("$short", repr(float(short))).replace("$threshold", repr(float(threshold)))
    source = "(SELECT c.*, r.id IS NOT NULL AS repeated FROM contacts c LEFT JOIN repeated r USING (id))"

    def grouped(key: str) -> list[tuple]:
        where = f"WHERE {key} IS NOT NULL" if key else ""
        group = f"GROUP BY {key}" if key else ""
        cursor = connection.execute(f"SELECT {key or 'NULL'} AS key, {figures} FROM {source} {where} {group}")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def share(part, whole):
        return part / whole if whole else None

    def rates(row: dict, self_service: bool) -> dict:
        result = {
            "offered": row["offered"], "answered": row["answered"], "abandoned": row["abandoned"],
            "shortAbandoned": row["short_abandoned"],
            "answerRate": share(row["answered"], row["offered"]),
            "abandonmentRate": share(row["abandoned"] - row["short_abandoned"], row["offered"] - row["short_abandoned"]),
            "serviceLevel": share(row["within"], row["offered"] - row["short_abandoned"]),
            "averageSpeedOfAnswerSeconds": row["asa"], "averageHandleSeconds": row["aht"],
            "averageTalkSeconds": row["talk_mean"], "transferRate": share(row["transferred"], row["answered"]),
            "fcrRate": share(row["fcr_resolved"], row["fcr_base"]),
            "surveyFcrRate": share(row["survey_yes"], row["surveyed"]),
            "csat": share(row["satisfied"], row["rated"]),
            "csatMean": float(row["csat_mean"]) if row["csat_mean"] is not None else None,
        }
        if self_service:
            result["selfServiceRate"] = share(row["contained"], row["contacts"])
        return result

    zone = timezone(timedelta(seconds=offset))
    overall = grouped("")[0]
    return {
        "overall": rates(overall, True),
        "byQueue": {row["key"]: rates(row, False) for row in grouped("queue")},
        "byAgent": {row["key"]: rates(row, True) for row in grouped("agent")},
        "byInterval": [
            {"start": datetime.fromtimestamp(row["key"], zone).isoformat().replace("+00:00", "Z"), **rates(row, True)}
            for row in sorted(grouped("interval_start"), key=lambda row: row["key"])
        ],
    }


def peak_memory_of_children_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bench(path: str, firstcall: str) -> None:
    size = os.path.getsize(path)
    began = time.perf_counter()
    result = subprocess.run([firstcall, "report", "--contacts", path, "--json"], capture_output=True, check=True)
    firstcall_seconds = time.perf_counter() - began
    firstcall_megabytes = peak_memory_of_children_megabytes()
    ours = json.loads(result.stdout)
    began = time.perf_counter()
    theirs = duckdb_report(path, typed=True)
    duckdb_seconds = time.perf_counter() - began
    duckdb_megabytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"file: {path}, {size / 1e9:.2f} GB, {ours['overall']['offered']} offered contacts")
    print(f"firstcall report: {firstcall_seconds:7.1f} s, peak resident {firstcall_megabytes:6.0f} MB")
    print(f"DuckDB {__import__('duckdb').__version__}:     {duckdb_seconds:7.1f} s, "
          f"peak resident {duckdb_megabytes:6.0f} MB (this Python process)")
    differing = [key for key in theirs["overall"]
                 if abs((ours["overall"][key] or 0) - (theirs["overall"][key] or 0)) > 1e-9]
    print("overall figures", "the same" if not differing else f"differ: {differing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate")
    make.add_argument("file")
    make.add_argument("--rows", type=int, required=True)
    make.add_argument("--seed", type=int, default=1)
    make.add_argument("--bad-share", type=float, default=0.0)
    report = commands.add_parser("duckdb")
    report.add_argument("file")
    report.add_argument("--fcr-window-hours", type=float, default=2.0)
    report.add_argument("--service-level-threshold-seconds", type=float, default=20.0)
    report.add_argument("--short-abandon-seconds", type=float, default=5.0)
    report.add_argument("--interval-minutes", type=int, default=30)
    timed = commands.add_parser("bench")
    timed.add_argument("file")
    timed.add_argument("--firstcall", default=".build/release/firstcall")
    arguments = parser.parse_args()
    if arguments.command == "generate":
        generate(arguments.file, arguments.rows, arguments.seed, arguments.bad_share)
    elif arguments.command == "duckdb":
        json.dump(duckdb_report(arguments.file, arguments.fcr_window_hours, arguments.service_level_threshold_seconds,
                                arguments.short_abandon_seconds, arguments.interval_minutes),
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        bench(arguments.file, arguments.firstcall)


if __name__ == "__main__":
    main()
