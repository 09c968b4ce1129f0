"""`firstcall report --contacts` against DuckDB: fresh seeded contact-record files (repeats, self-service,
short abandons, quoted transcripts with line breaks, broken rows) are reported by both, the DuckDB side
written in SQL from the README's definitions alone, and every figure overall, by queue, by agent and by
interval must agree."""

import csv
import json
import math
import subprocess
import sys
from datetime import datetime

import pytest

from conftest import ROOT, binary

sys.path.insert(0, str(ROOT / "Benchmarks"))
import contact_records  # noqa: E402


def report(path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), "report", "--contacts", str(path), *options], capture_output=True, text=True,
                          timeout=300)


def same(ours, theirs, where: str) -> list[str]:
    if isinstance(theirs, dict):
        if set(ours) != set(theirs):
            return [f"{where}: keys {sorted(set(ours) ^ set(theirs))}"]
        return [problem for key in theirs for problem in same(ours[key], theirs[key], f"{where}.{key}")]
    if isinstance(theirs, list):
        if len(ours) != len(theirs):
            return [f"{where}: {len(ours)} entries, DuckDB {len(theirs)}"]
        return [problem for n, pair in enumerate(zip(ours, theirs)) for problem in same(*pair, f"{where}[{n}]")]
    if isinstance(theirs, float) and ours is not None:
        return [] if math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9) else [f"{where}: {ours} ≠ {theirs}"]
    return [] if ours == theirs else [f"{where}: {ours!r} ≠ {theirs!r}"]


def broken_lines(path) -> list[int]:
    """Lines (where each record starts) whose arrival or end Python cannot read as a date."""
    lines, start = [], 2
    with open(path, encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        for row in reader:
            try:
                for name in ("arrived_at", "ended_at"):
                    datetime.fromisoformat(row[name].replace("Z", "+00:00"))
            except ValueError:
                lines.append(start)
            start = reader.line_num + 1
    return lines


@pytest.mark.parametrize("seed, options", [
    (101, []),
    (202, ["--fcr-window-hours", "24", "--service-level-threshold-seconds", "30", "--short-abandon-seconds", "3",
           "--interval-minutes", "15"]),
    (303, ["--fcr-window-hours", "0.5", "--interval-minutes", "60"]),
])
def test_every_figure_agrees_with_duckdb_on_a_fresh_file(tmp_path, seed, options):
    path = tmp_path / "contacts.csv"
    contact_records.generate(str(path), rows=30_000, seed=seed, bad_share=0.01)
    result = report(path, "--json", *options)
    assert result.returncode == 0, result.stderr
    ours = json.loads(result.stdout)
    named = dict(zip(options[::2], options[1::2]))
    theirs = contact_records.duckdb_report(
        str(path), float(named.get("--fcr-window-hours", 2)), float(named.get("--service-level-threshold-seconds", 20)),
        float(named.get("--short-abandon-seconds", 5)), int(named.get("--interval-minutes", 30)))
    problems = [problem for key in theirs for problem in same(ours[key], theirs[key], key)]
    assert problems == [], problems[:20]
    assert ours["overall"]["fcrRate"] < 1 and ours["overall"]["shortAbandoned"] > 0
    assert [entry["line"] for entry in ours["rejected"]] == broken_lines(path)
    assert f"{len(ours['rejected'])} rows left out" in result.stderr


def test_the_text_report_and_bad_input(tmp_path):
    path = tmp_path / "contacts.csv"
    contact_records.generate(str(path), rows=2_000, seed=7, bad_share=0)
    text = report(path)
    assert text.returncode == 0, text.stderr
    assert "service level" in text.stdout and "售后服务" in text.stdout and text.stderr == ""
    for arguments, words in [
        (["--contacts", str(tmp_path / "missing.csv")], "cannot read"),
        (["--contacts", str(path), "--interval-minutes", "7"], "--interval-minutes"),
        (["--contacts", str(path), "--fcr-window-hours", "0"], "--fcr-window-hours"),
    ]:
        result = subprocess.run([binary(), "report", *arguments], capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, result
        assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    headless = tmp_path / "headless.csv"
    headless.write_text("contact_id,queue\nc1,售后\n", encoding="utf-8")
    result = report(headless)
    assert result.returncode == 2 and "arrived_at" in result.stderr


def test_the_exported_event_log_reports_what_happened_in_the_center(database, tmp_path):
    """A live server takes three contacts: one answered and wrapped up, one ended while waiting, one
    still waiting. Its log, exported after the server stopped, reports exactly that."""
    from conftest import Server
    from test_routing import make_center, new_contact

    server = Server(database).start()
    try:
        admin = server.login()
        queue_id, agent_id, agent_token = make_center(server, admin)
        answered = new_contact(server, admin, queue_id)
        assert server.api("POST", f"/api/v1/agents/{agent_id}/state", agent_token,
                          json={"state": "available"}).status_code == 200
        for step, body in [("accept", None), ("end", {"endedBy": "agent"}),
                           ("complete", {"disposition": "resolved", "reason": "退款"})]:
            done = server.api("POST", f"/api/v1/contacts/{answered['id']}/{step}", agent_token, json=body)
            assert done.status_code == 200, (step, done.text)
        assert server.api("POST", f"/api/v1/agents/{agent_id}/state", agent_token,
                          json={"state": "notReady", "reason": "lunch"}).status_code == 200
        given_up = new_contact(server, admin, queue_id)
        assert server.api("POST", f"/api/v1/contacts/{given_up['id']}/end", admin,
                          json={"endedBy": "customer"}).status_code == 200
        new_contact(server, admin, queue_id)
    finally:
        server.stop()

    log = tmp_path / "events.jsonl"
    exported = subprocess.run([binary(), "export", "events", *database.arguments(), "--from", "2000-01-01",
                               "--output", str(log)], capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    queues_line, *lines = [json.loads(line) for line in log.read_text().splitlines()]
    # The first line names the queues and the threshold each sets (none here).
    assert [set(queue) for queue in queues_line["queues"]] == [{"id", "name"}], queues_line
    assert queues_line["queues"][0]["id"] == queue_id
    sequences = [line["sequence"] for line in lines]
    assert sequences == sorted(sequences) and len(lines) == int(exported.stdout.split()[0])
    kinds = {next(iter(line["event"])) for line in lines}
    assert {"contactCreated", "contactQueued", "offerAccepted", "contactEnded", "wrapUpCompleted",
            "agentStateChanged"} <= kinds, kinds

    result = subprocess.run([binary(), "report", "--events", str(log), "--json"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    overall = json.loads(result.stdout)["overall"]
    assert (overall["offered"], overall["answered"], overall["abandoned"]) == (2, 1, 1), overall
    assert overall["answerRate"] == 0.5 and overall["transferRate"] == 0
    assert "1 contacts had not ended" in result.stderr
    assert list(json.loads(result.stdout)["byQueue"]) == [queue_id]

    nothing = subprocess.run([binary(), "export", "events", *database.arguments(), "--from", "2000-01-01",
                              "--to", "2000-01-02"], capture_output=True, text=True, timeout=120)
    assert nothing.returncode == 0 and [next(iter(json.loads(line))) for line in nothing.stdout.splitlines()] == [
        "queues"]
    bad = subprocess.run([binary(), "export", "events", *database.arguments(), "--from", "March"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--from" in bad.stderr


FIGURES_FROM_TIMES = ["offered", "answered", "abandoned", "shortAbandoned", "answerRate", "abandonmentRate",
                      "serviceLevel", "averageSpeedOfAnswerSeconds", "transferRate", "fcrRate", "surveyFcrRate",
                      "csat", "csatMean", "selfServiceRate"]


def test_imported_history_is_the_centers_own_and_reports_as_the_file_does(database, tmp_path):
    """A file imported twice stores its contacts once; the server starts on them (nothing left waiting),
    lists them in history and the planner's history; the exported log reports what the live server's
    report API does, and, against the file's one threshold, what the file reports (talk and hold aside:
    the log times them from its events)."""
    from conftest import Server

    path = tmp_path / "history.csv"
    contact_records.generate(str(path), rows=3_000, seed=404, bad_share=0.01)
    first = subprocess.run([binary(), "import", "contacts", str(path), *database.arguments()], capture_output=True,
                           text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    file_report = json.loads(report(path, "--json").stdout)
    rows = 3_000 - len(file_report["rejected"])
    assert first.stdout.startswith(f"{rows} contacts imported"), first.stdout
    assert "queues created: " in first.stdout and "left out" in first.stderr
    again = subprocess.run([binary(), "import", "contacts", str(path), *database.arguments()], capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0 and again.stdout.startswith(f"0 contacts imported (0 events), {rows} already"), again.stdout

    # The report rows are counted again from the log; the server then only reads them.
    rebuilt = subprocess.run([binary(), "analytics", "rebuild", *database.arguments()], capture_output=True,
                             text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert rebuilt.stdout.startswith("report rows rebuilt: ") and f", {rows} contacts counted" in rebuilt.stdout, \
        rebuilt.stdout

    server = Server(database).start()
    try:
        admin = server.login()
        queues = {queue["id"]: queue["name"] for queue in server.api("GET", "/api/v1/queues", admin).json()["items"]}
        assert set(file_report["byQueue"]) <= set(queues.values())
        for queue_id in queues:
            snapshot = server.api("GET", f"/api/v1/queues/{queue_id}/snapshot", admin).json()
            assert snapshot["waiting"] == [], snapshot
        period = {"from": "2026-03-01T00:00:00Z", "to": "2026-03-12T00:00:00Z"}
        found = server.api("GET", "/api/v1/history/conversations", admin, params={**period, "limit": 5})
        assert found.status_code == 200 and len(found.json()["items"]) == 5, found.text
        # An imported chat's transcript opens as any chat's does.
        chats = server.api("GET", "/api/v1/history/conversations", admin,
                           params={**period, "limit": 100, "q": "快递"}).json()["items"]
        opened = [server.api("GET", f"/api/v1/chats/{item['id']}", admin) for item in chats
                  if item["channel"] == "chat"][:10]
        assert opened and all(chat.status_code == 200 for chat in opened), [chat.text for chat in opened]
        assert all(chat.json()["messages"] for chat in opened)
        planner = server.api("GET", "/api/v1/wfm/history", admin, params={**period, "intervalMinutes": 60})
        assert planner.status_code == 200, planner.text
        calls = sum(int(line.split(",")[1]) for line in planner.text.splitlines()[1:])
        assert calls > 0
        before = server.api("GET", "/api/v1/reports/contacts", admin, params={**period, "period": "day"}).json()
        # A queue that sets its own threshold has its past contacts counted again by it.
        busiest = max(before["byQueue"], key=lambda queue: queue["offered"])
        changed = server.api("PATCH", f"/api/v1/queues/{busiest['id']}", admin,
                             json={"serviceLevelThresholdSeconds": 90})
        assert changed.status_code == 200, changed.text
        live = server.api("GET", "/api/v1/reports/contacts", admin, params={**period, "period": "day"})
        assert live.status_code == 200, live.text
        live_overall = live.json()["overall"]
        assert live_overall["serviceLevel"] > before["overall"]["serviceLevel"]
        first_week = {"from": "2026-03-01T00:00:00Z", "to": "2026-03-05T00:00:00Z"}
        week = server.api("GET", "/api/v1/reports/contacts", admin, params={**first_week, "period": "day"})
        assert week.status_code == 200, week.text
        week_overall = week.json()["overall"]
    finally:
        server.stop()

    log = tmp_path / "events.jsonl"
    exported = subprocess.run([binary(), "export", "events", *database.arguments(), "--output", str(log)],
                              capture_output=True, text=True, timeout=300)
    assert exported.returncode == 0, exported.stderr
    # Measured as the server measures (each queue's threshold, else its channel's), the log reports what the live
    # server does.
    as_server = subprocess.run([binary(), "report", "--events", str(log), "--json"], capture_output=True, text=True,
                               timeout=300)
    assert as_server.returncode == 0, as_server.stderr
    server_figures = json.loads(as_server.stdout)["overall"]
    assert same(server_figures, {key: live_overall[key] for key in server_figures}, "live") == []
    # Part of the period: its contacts are counted, later ones looked at as their repeats, as the server does.
    part = subprocess.run([binary(), "report", "--events", str(log), "--json", "--from", first_week["from"], "--to",
                           first_week["to"]], capture_output=True, text=True, timeout=300)
    assert part.returncode == 0, part.stderr
    part_figures = json.loads(part.stdout)["overall"]
    assert 0 < part_figures["offered"] < server_figures["offered"]
    assert same(part_figures, {key: week_overall[key] for key in part_figures}, "first days") == []
    # Measured against the file's one threshold, it reports what the file does.
    from_log = subprocess.run([binary(), "report", "--events", str(log), "--json", "--service-level-threshold-seconds",
                               "20"], capture_output=True, text=True, timeout=300)
    assert from_log.returncode == 0, from_log.stderr
    log_report = json.loads(from_log.stdout)
    assert server_figures["serviceLevel"] != log_report["overall"]["serviceLevel"]
    pick = lambda figures: {key: figures[key] for key in FIGURES_FROM_TIMES if key in figures}  # noqa: E731
    problems = same(pick(log_report["overall"]), pick(file_report["overall"]), "overall")
    for queue_id, figures in log_report["byQueue"].items():
        problems += same(pick(figures), pick(file_report["byQueue"][queues[queue_id]]), queues[queue_id])
    assert problems == [], problems[:20]
