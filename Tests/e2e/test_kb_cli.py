"""`firstcall kb search` and `kb eval` on the labelled FAQ set: the output format the evaluation
reads, determinism, and readable errors."""

import json
import subprocess

from conftest import ROOT, binary

ARTICLES = str(ROOT / "Tests" / "Fixtures" / "kb" / "articles.jsonl")
QUERIES = str(ROOT / "Tests" / "Fixtures" / "kb" / "queries.jsonl")


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), "kb", *arguments], capture_output=True, text=True, timeout=120)


def test_search_prints_one_json_object_per_query():
    result = run("search", "--articles", ARTICLES, "--queries", QUERIES, "--top", "10", "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    queries = [json.loads(line) for line in open(QUERIES, encoding="utf-8")]
    assert [line["id"] for line in lines] == [query["id"] for query in queries]
    by_id = {line["id"]: line for line in lines}
    for query in queries:
        results = by_id[query["id"]]["results"]
        assert len(results) <= 10
        assert all(set(hit) == {"id", "score"} and 0 <= hit["score"] <= 1 for hit in results)
        assert [hit["score"] for hit in results] == sorted((hit["score"] for hit in results), reverse=True)
    assert by_id["Q-0001"]["results"][0]["id"] in ("KB-001", "KB-074")
    # Most questions nothing answers get no result at all.
    unanswerable = [query["id"] for query in queries if not query["relevant"]]
    assert sum(1 for qid in unanswerable if not by_id[qid]["results"]) >= 0.7 * len(unanswerable)
    again = run("search", "--articles", ARTICLES, "--queries", QUERIES, "--top", "10", "--json")
    assert again.stdout == result.stdout


def test_eval_prints_every_figure():
    result = run("eval", "--articles", ARTICLES, "--queries", QUERIES)
    assert result.returncode == 0, result.stderr
    for label in ["Recall@1", "Recall@3", "MRR@10", "no-answer accuracy", "abstention", "latency", "colloquial"]:
        assert label in result.stdout, label
    figures = json.loads(run("eval", "--articles", ARTICLES, "--queries", QUERIES, "--json").stdout)
    assert figures["answerableQueries"] == 147 and figures["noAnswerQueries"] == 10
    assert figures["recallAt1"] >= 0.84 and figures["noAnswerAccuracy"] >= 0.7


def test_bad_input_is_one_readable_line(tmp_path):
    broken = tmp_path / "articles.jsonl"
    broken.write_text('{"id": "KB-1", "title": "t", "body": "b", "lang": "zh-CN"}\n{"id": "KB-2"\n', encoding="utf-8")
    for arguments in (["search", "--articles", str(broken), "--queries", QUERIES],
                      ["search", "--articles", str(tmp_path / "missing.jsonl"), "--queries", QUERIES],
                      ["search", "--articles", ARTICLES, "--queries", QUERIES, "--top", "0"],
                      ["eval", "--articles", ARTICLES, "--queries", QUERIES, "--threshold", "2"]):
        result = run(*arguments)
        assert result.returncode == 2, arguments
        errors = [line for line in result.stderr.splitlines() if line.startswith("firstcall: error:")]
        assert len(errors) == 1, (arguments, result.stderr)
    assert "line 2" in run("search", "--articles", str(broken), "--queries", QUERIES).stderr
