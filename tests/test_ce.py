"""`formkit ce check`: continuing-education ledgers against a board's renewal rule, as a board clerk
uses it. IC&RC Peer Recovery's shipped rule: 20 h every 24 months, including 6 h in ethics."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import assert_user_error

AS_OF = "2026-12-01"  # the period: 2024-12-02 to 2026-12-01
HEADER = "person,date,hours,category,provider,title"


def ledger(tmp_path: Path, *rows: str, name: str = "ledger.csv", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def check(invoke, path: Path, *extra: str, board: str = "icrc-pr"):  # type: ignore[no-untyped-def]
    return invoke("ce", "check", str(path), "--board", board, "--as-of", AS_OF, *extra)


def rows_of(out: Path) -> dict[str, dict[str, str]]:
    return {row["person"]: row for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}


def table_row(output: str, person: str) -> list[str]:
    """The cells of a person's row in the printed table (columns are two or more spaces apart)."""
    import re

    line = next(line for line in output.splitlines() if line.startswith(person + " "))
    return re.split(r"\s{2,}", line.strip())


def test_met_short_in_total_and_short_in_ethics_only(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path,
                  "Ana Diaz,2025-03-14,6,ethics,State Peer Network,Ethics and boundaries",
                  "Ana Diaz,2025-09-02,14,general,Recovery Institute,Motivational interviewing",
                  "Ben Okafor,2026-01-20,6,Ethics,State Peer Network,Ethics refresher",
                  "Ben Okafor,2026-02-11,8,general,Recovery Institute,Trauma-informed care",
                  "Cruz Lee,2025-05-01,2,ethics,State Peer Network,Boundaries",
                  "Cruz Lee,2026-06-01,20.5,general,Recovery Institute,WRAP facilitator course")
    out = tmp_path / "ce-check.csv"
    result = check(invoke, path, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert table_row(result.output, "Ana Diaz") == ["Ana Diaz", "20", "6", "met"]
    assert table_row(result.output, "Ben Okafor") == ["Ben Okafor", "14", "6", "short by 6 h"]
    assert table_row(result.output, "Cruz Lee") == ["Cruz Lee", "22.5", "2", "short by 4 h, including 4 h in Ethics"]
    assert "3 people: 1 met, 2 short." in result.output
    rows = rows_of(out)
    assert [rows["Ana Diaz"][k] for k in ("hours", "ethics_hours", "still_needed_hours", "result")] == \
        ["20", "6", "0", "met"]
    assert [rows["Ben Okafor"][k] for k in ("short_hours", "ethics_short_hours", "still_needed_hours")] == ["6", "0", "6"]
    assert [rows["Cruz Lee"][k] for k in ("short_hours", "ethics_short_hours", "still_needed_hours")] == ["0", "4", "4"]
    assert rows["Cruz Lee"]["period_start"] == "2024-12-02" and rows["Cruz Lee"]["period_end"] == AS_OF


def test_short_in_both_needs_the_larger_not_the_sum(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """8 h with 3 in ethics: 12 more are needed, 3 of them ethics (an ethics hour counts toward the total too)."""
    path = ledger(tmp_path, "Dee Park,2026-01-05,3,ethics,,", "Dee Park,2026-02-05,5,general,,")
    result = check(invoke, path)
    assert table_row(result.output, "Dee Park")[-1] == "short by 12 h, including 3 h in Ethics"


def test_entries_outside_the_period_are_ignored(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path,
                  "Eve Moss,2024-12-01,10,ethics,,The day before the period",
                  "Eve Moss,2024-12-02,1,ethics,,The first day of the period",
                  "Eve Moss,2026-12-01,2,general,,The day checked",
                  "Eve Moss,2026-12-02,10,general,,The day after: not yet earned")
    out = tmp_path / "out.csv"
    result = check(invoke, path, "-o", str(out))
    assert "Period checked: 2024-12-02 to 2026-12-01" in result.output
    assert table_row(result.output, "Eve Moss") == ["Eve Moss", "3", "1", "short by 17 h, including 5 h in Ethics"]
    row = rows_of(out)["Eve Moss"]
    assert (row["entries_counted"], row["entries_outside_period"]) == ("2", "2")


def test_a_period_ending_on_29_february(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path, "Eve Moss,2026-02-28,20,ethics,,", "Eve Moss,2026-03-01,5,ethics,,")
    result = invoke("ce", "check", str(path), "--board", "icrc-pr", "--as-of", "2028-02-29")
    assert "Period checked: 2026-03-01 to 2028-02-29" in result.output
    assert table_row(result.output, "Eve Moss")[1] == "5"


def test_a_repeated_row_is_counted_once_with_a_warning(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path,
                  "Fay Ruiz,2026-03-01,6,ethics,State Peer Network,Ethics day",
                  "Fay Ruiz,2026-04-01,10,general,Recovery Institute,Peer supervision",
                  "fay  ruiz,2026-04-01,10,General,Recovery Institute,Peer supervision",
                  "Fay Ruiz,2026-04-01,10,general,Recovery Institute,Peer supervision (part 2)")
    result = check(invoke, path)
    assert result.exit_code == 0, result.output
    assert table_row(result.output, "Fay Ruiz")[:3] == ["Fay Ruiz", "26", "6"]
    assert f"Warning: {path}: line 4: repeats line 3" in result.output
    assert "counted once" in result.output
    assert "line 5" not in result.output  # a different title is another activity


@pytest.mark.parametrize(("hours", "fix"), [
    ("1,5", "Write hours with a decimal point: 1.5"),
    ("2h", "plain number"),
    ("two", "plain number"),
    ("-1", "plain number"),
    ("0", "more than 0"),
    ("2026", "at most 1000 hours"),
    ("", "plain number"),
])
def test_hours_that_are_not_a_plain_number_stop_the_check(invoke, tmp_path: Path, hours: str, fix: str) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path, "Gil Ono,2026-03-01,6,ethics,,", f'Gil Ono,2026-04-01,"{hours}",general,,')
    out = tmp_path / "out.csv"
    result = check(invoke, path, "-o", str(out))
    assert_user_error(result, str(path), "line 3, column 'hours'", fix)
    assert not out.exists()


def test_every_bad_row_is_named_at_once(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path, "Gil Ono,2026-03-01,1.5h,ethics,,", "Gil Ono,03/04/2026,2,general,,",
                  ",2026-03-05,2,general,,", "Gil Ono,2026-02-30,2,general,,", "Gil Ono,2026-03-06,2,,,")
    result = check(invoke, path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert [line.split(": ")[2] for line in lines] == ["line 2, column 'hours'", "line 3, column 'date'",
                                                        "line 4, column 'person'", "line 5, column 'date'",
                                                        "line 6, column 'category'"]
    assert all(line.startswith(f"Error: {path}: ") for line in lines)


def test_at_most_ten_lines_for_a_ledger_of_bad_rows(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path, *[f"Gil Ono,2026-03-01,{i}h,general,," for i in range(1, 41)])
    lines = [line for line in check(invoke, path).output.splitlines() if line.strip()]
    assert len(lines) == 10
    assert "line 10, column 'hours'" in lines[8] and "31 more rows cannot be read" in lines[9]


def test_unknown_board(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = check(invoke, ledger(tmp_path, "Ana Diaz,2026-03-01,6,ethics,,"), board="icrc")
    assert_user_error(result, "--board", "unknown board 'icrc'", "icrc-pr")


def test_a_board_without_ce_rules_says_which_boards_have_them(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = check(invoke, ledger(tmp_path, "Ana Diaz,2026-03-01,6,ethics,,"), board="custom")
    assert_user_error(result, "custom.yaml: ce:", "board 'custom' has no continuing-education rules",
                      "icrc-pr, mha-ncps, nff-cfps")


def test_a_number_the_sources_do_not_give_is_not_guessed(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = check(invoke, ledger(tmp_path, "Ana Diaz,2026-03-01,6,ethics,,"), board="naadac-ncprss")
    assert_user_error(result, "naadac-ncprss.yaml: ce.total_hours", "to be filled by the board")


def test_the_rule_boards_without_sub_minimums_and_their_sources(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path, "Ana Diaz,2024-01-10,30,general,,", "Ana Diaz,2026-01-10,14,general,,")
    result = check(invoke, path, board="nff-cfps")
    assert "44 h of continuing education every 36 months." in result.output
    assert "Period checked: 2023-12-02 to 2026-12-01" in result.output
    assert table_row(result.output, "Ana Diaz") == ["Ana Diaz", "44", "met"]
    assert "Source: National Federation of Families, Re-Certification (Certified Family Peer Specialist) " \
           "(https://www.ffcmh.org/recertification), as of 2026-12-02." in result.output
    icrc = check(invoke, path)
    assert icrc.output.count("Source: IC&RC") == 1  # the total and the ethics minimum cite one page: named once
    assert "verify every number with the board" in icrc.output


BAD_CE = {
    "minimum-over-total": ("  minimums:\n    - {id: ethics, name: Ethics, hours: 26, source: {title: T, url: https://x.org}, "
                           "as_of: '2026-01-01'}\n", "ce.minimums[0].hours", "26 hours is more than the total (20)"),
    "source-without-address": ("", "ce.source", "a source needs a url or a document"),
    "impossible-date": ("", "ce.as_of", "'2026-02-30' is not a date on the calendar"),
    "topic-twice": ("  minimums:\n    - {id: ethics, name: Ethics, hours: 3, source: {title: T, url: https://x.org}, "
                    "as_of: '2026-01-01'}\n    - {id: ethics2, name: More ethics, hours: 3, topics: [Ethics], "
                    "source: {title: T, url: https://x.org}, as_of: '2026-01-01'}\n",
                    "ce.minimums[1].topics", "topic 'ethics' already counts toward 'ethics'"),
    "unknown-key": ("  period_years: 2\n", "ce.period_years", "unknown key"),
    "hours-as-text": ("", "ce.total_hours", "should be a number or empty, not text"),
}


@pytest.mark.parametrize("case", sorted(BAD_CE))
def test_a_bad_ce_rule_is_one_line_naming_the_profile_and_key(invoke, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    from conftest import ROOT

    extra, key, message = BAD_CE[case]
    base = (ROOT / "templates" / "boards" / "icrc-pr.yaml").read_text(encoding="utf-8")
    head, _, tail = base.partition("ce:\n")
    ce = ("ce:\n  period_months: 24\n  total_hours: " + ('"20"' if case == "hours-as-text" else "20") +
          "\n  source: {title: Board rules" + ("" if case == "source-without-address" else ", url: https://x.org") +
          "}\n  as_of: '" + ("2026-02-30" if case == "impossible-date" else "2026-01-01") + "'\n" + extra)
    profile = tmp_path / f"{case}.yaml"
    profile.write_text(head + ce + "log_rows:" + tail.partition("log_rows:")[2], encoding="utf-8")
    path = ledger(tmp_path, "Ana Diaz,2026-03-01,6,ethics,,")
    assert_user_error(check(invoke, path, board=str(profile)), f"{profile}: {key}", message)
    assert_user_error(invoke("checklist", "--board", str(profile), "-o", str(tmp_path / "out")), key)  # as for checklists


def test_an_overlay_changes_the_rule(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A state board on IC&RC rules whose 6 hours may be ethics, boundaries or self-care."""
    overlay = tmp_path / "state.yaml"
    overlay.write_text("name: State board\nboard:\n  profile: icrc-pr\n  ce:\n    minimums:\n"
                       "      - {id: ethics, name: 'Ethics, boundaries or self-care', hours: 6,\n"
                       "         topics: [ethics, boundaries, self-care],\n"
                       "         source: {title: State renewal rules, document: 'Renewal handbook 2026, p. 4'},\n"
                       "         as_of: '2026-10-01'}\n", encoding="utf-8")
    path = ledger(tmp_path, "Ana Diaz,2026-03-01,4,Self Care,,", "Ana Diaz,2026-03-02,2,boundaries,,",
                  "Ana Diaz,2026-03-03,14,general,,")
    result = invoke("ce", "check", str(path), "-O", str(overlay), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert table_row(result.output, "Ana Diaz") == ["Ana Diaz", "20", "6", "met"]
    assert "Source: State renewal rules (Renewal handbook 2026, p. 4), as of 2026-10-01." in result.output


def test_a_near_miss_category_is_pointed_out(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = check(invoke, ledger(tmp_path, "Ana Diaz,2026-03-01,6,ethcis,,"))
    assert "line 2: category 'ethcis' counts toward the total only. Did you mean" in result.output
    assert table_row(result.output, "Ana Diaz")[2] == "0"


def test_same_inputs_same_bytes_and_spreadsheet_safe(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path, '"=HYPERLINK(""http://x"",""y"")",2026-03-01,6,ethics,,', "Ana Diaz,2026-03-01,6,ethics,,")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    one, two = check(invoke, path, "-o", str(first)), check(invoke, path, "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert one.output.replace(str(first), "") == two.output.replace(str(second), "")
    cells = [row[0] for row in csv.reader(io.StringIO(first.read_text(encoding="utf-8")))]
    assert cells == ["person", "'=HYPERLINK(\"http://x\",\"y\")", "Ana Diaz"]  # by name: '=' sorts first


def test_an_excel_ledger_with_semicolons_and_other_headers(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffName;Completed;Contact hours;Topic;Sponsor;Course\r\n"
                     "José Peña;2026-03-01;6;Ethics;Red estatal;Ética\r\n".encode())
    result = check(invoke, path)
    assert table_row(result.output, "José Peña") == ["José Peña", "6", "6", "short by 14 h"]


@pytest.mark.parametrize(("args", "fragments"), [
    (("--as-of", "12/01/2026"), ("--as-of", "'12/01/2026' is not a date written YYYY-MM-DD")),
    (("--as-of", AS_OF, "-o", "SELF"), ("--output", "would replace the ledger")),
])
def test_bad_options(invoke, tmp_path: Path, args: tuple[str, ...], fragments: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path, "Ana Diaz,2026-03-01,6,ethics,,")
    before = path.read_bytes()
    args = tuple(str(path) if a == "SELF" else a for a in args)
    assert_user_error(invoke("ce", "check", str(path), "--board", "icrc-pr", *args), *fragments)
    assert path.read_bytes() == before


def test_a_ledger_without_a_category_column(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger(tmp_path, "Ana Diaz,2026-03-01,6", header="person,date,hours")
    assert_user_error(check(invoke, path), str(path), "line 1", "no 'category' column")


@pytest.mark.slow
def test_a_ledger_at_the_size_limit_is_checked_within_time_and_memory(tmp_path: Path) -> None:
    """140,000 rows (just under 10 MB, 7,000 people): a whole board's ledger, in the corpus's limits."""
    from bad_corpus import MEMORY_LIMIT, TIME_LIMIT, run_formkit

    from formkit.documents.ce.ledger import MAX_BYTES

    path = tmp_path / "board-ledger.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(HEADER + "\n")
        line = 0
        while handle.tell() < MAX_BYTES - 200:
            person, month = line % 7000, 1 + line % 12
            handle.write(f"Peer Specialist {person:04d},2026-{month:02d}-{1 + line % 28:02d},{1 + line % 3},"
                         f"{'ethics' if line % 5 == 0 else 'general'},Provider {line % 40},Course {line}\n")
            line += 1
    out = tmp_path / "ce-check.csv"
    run = run_formkit(["ce", "check", str(path), "--board", "icrc-pr", "--as-of", AS_OF, "-o", str(out)], tmp_path)
    assert run.code == 0, run.stderr[-2000:]
    assert line > 130_000 and len(rows_of(out)) == 7000
    assert run.seconds < TIME_LIMIT and run.max_rss < MEMORY_LIMIT, (run.seconds, run.max_rss)
