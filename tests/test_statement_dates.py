"""Statement dates through ingest, store and filters: undated articles warned about, periods overlap bounds."""

import json


def test_undated_article_warned_and_left_out_by_date_filters(run, tmp_path):
    rows = [
        {"id": "dated", "date": "2020-02-14", "text": "„Wir bleiben hart“, sagte Müller am Mittwoch."},
        {"id": "month", "date": "2020-03-20", "text": "Die Ministerin hatte im Februar erklärt, sie werde bleiben."},
        {"id": "undated", "text": "„Wir geben nicht auf“, sagte Schulz am Montag."},
    ]
    src, db = tmp_path / "in.jsonl", tmp_path / "kb.db"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    res = run("ingest", src, "--db", db)
    assert res.exit_code == 0, res.output
    assert "1 article(s) without a date (undated)" in res.stderr and "--date YYYY-MM-DD" in res.stderr

    every = json.loads(run("quotes", "--db", db, "--json").stdout)
    dates = {r["article"]: r["date"] for r in every}
    assert dates == {"dated": "2020-02-12", "month": "2020-02", "undated": None}

    # a statement dated by a month passes a bound inside that month; an undated one passes no date filter
    since = json.loads(run("quotes", "--db", db, "--from", "2020-02-13", "--json").stdout)
    assert {r["article"] for r in since} == {"month"}
    until = json.loads(run("quotes", "--db", db, "--to", "2020-02-12", "--json").stdout)
    assert {r["article"] for r in until} == {"dated", "month"}
    both = json.loads(run("quotes", "--db", db, "--from", "2020-02-01", "--to", "2020-02-29", "--json").stdout)
    assert {r["article"] for r in both} == {"dated", "month"}
