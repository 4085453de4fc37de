"""`formkit collect` writes as it reads: 10,000 forms in flat memory, killed runs replace nothing.

Issue 13 (done when): a folder of 10,000 forms with 10 hostile ones among them is read whole,
the 10 are skipped with a reason each. The test prints the peak memory it sampled; the bounds
(issue 13: 400 MB for the run, issue 17: 150 MiB for the main process) are the benchmark's to
assert (issue 17, item 5): a threshold here fails on a loaded machine and hides a slow change.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import DATA

from formkit.catalog.effective import effective_catalog
from formkit.runtime import csvout

GOOD = 10_000
HOSTILE = ("answer-of-300k-characters.pdf", "backtracking-trailer.pdf", "bomb-page-content.pdf",
           "bomb-schema-stream.pdf", "cyclic-parents.pdf", "deep-nesting.pdf", "encrypted-aes256.pdf",
           "forged-schema-20k-fields-pypdf.pdf", "forged-schema-600k-fields.pdf", "truncated.pdf")
RATINGS = ("1", "2", "3", "4", "NA")


def _person(i: int) -> dict[str, str]:
    return {"name": f"Person {i:05d}", "role": f"Coach {i % 7}", "CC1_1_notes": f"note {i * 7919 % 100003}"}


def _make_folder(folder: Path) -> tuple[dict[Path, tuple[int, int]], list[Path]]:
    """10,000 distinct filled forms (each its own name and notes, so no read is saved by a memory of
    identical bytes) in sub-folders, names not in creation order, and the hostile ten among them.

    Each form is one of five rating patterns, filled by formkit's general filler, with one
    person's text fields appended by the fast filler (an incremental update, as a reader saves).
    Returns {form: (person number, pattern)} and the hostile files.
    """
    from formkit.documents.checklist.fastfill import FastFiller
    from formkit.documents.selfassess import render_category
    from formkit.pdfform.fill import fill_form

    catalog = effective_catalog(())
    blank = render_category(catalog, catalog.categories[0])
    comps = [k.id for k in catalog.categories[0].competencies]
    fillers = []
    for p in range(len(RATINGS)):
        ratings = {f"{c.replace('.', '_')}_rating": RATINGS[(p + n) % len(RATINGS)] for n, c in enumerate(comps)}
        fillers.append(FastFiller(fill_form(blank, {**ratings, "round": "followup"}), list(_person(0))))
    good: dict[Path, tuple[int, int]] = {}
    for i in range(GOOD):
        sub = folder / f"team-{i % 9}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"{(i * 7919) % GOOD:05d}-form.pdf"
        path.write_bytes(fillers[i % len(fillers)].fill(_person(i)))
        good[path] = (i, i % len(fillers))
    hostile = []
    for n, name in enumerate(HOSTILE):
        target = folder / f"team-{n % 9}" / f"{n * 997:05d}-x-{name}"
        shutil.copyfile(DATA / "bad" / "pdfs" / name, target)
        hostile.append(target)
    return good, hostile


class TreeMemory:
    """Samples the resident memory of a process and all its descendants from /proc.

    Forked workers share pages with their parent, so the sum counts shared pages more than
    once: it overstates what the tree uses, which is the safe side for an upper bound.
    """

    def __init__(self, pid: int, out: Path | None = None) -> None:
        self.pid, self.peak_sum, self.peak_each = pid, 0, {}  # type: dict[int, int]
        self.out = out
        self.main_by_progress: list[tuple[int, int]] = []  # (bytes of responses.csv written so far, main RSS)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(parents.get(pid, []))
        return found

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                if "VmRSS" not in fields:
                    continue  # a zombie
                total += int(fields["VmRSS"].split()[0]) * 1024
                if pid == self.pid:
                    self.main_by_progress.append((self._written(), int(fields["VmRSS"].split()[0]) * 1024))
                self.peak_each[pid] = max(self.peak_each.get(pid, 0), int(fields["VmHWM"].split()[0]) * 1024)
            self.peak_sum = max(self.peak_sum, total)
            self._stop.wait(0.05)

    def _written(self) -> int:
        if self.out is None or not self.out.is_dir():
            return 0
        return sum(p.stat().st_size for p in self.out.glob(".responses.csv.*.tmp"))

    def growth_after(self, share: float, final: int) -> int:
        """How much the main process grew after ``share`` of the final responses.csv was written."""
        before = [rss for written, rss in self.main_by_progress if written <= share * final]
        return self.peak_each.get(self.pid, 0) - (before[-1] if before else 0)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _run_measured(args: list[str], out: Path | None = None) -> tuple[int, str, float, TreeMemory, int]:
    """Run the CLI as a user would; exit code, stderr, seconds, the sampled memory, and the peak
    RSS of the largest process in the tree (each one's VmHWM: wait4's ru_maxrss would report
    pytest's own size, which survives the vfork + exec that started the command)."""
    start = time.monotonic()
    with subprocess.Popen([sys.executable, "-m", "formkit", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True) as proc:
        memory = TreeMemory(proc.pid, out)
        stderr = proc.stderr.read()  # type: ignore[union-attr]
        proc.wait()
        seconds = time.monotonic() - start
        memory.stop()
    return proc.returncode, stderr, seconds, memory, max(memory.peak_each.values())


@pytest.mark.slow
def test_ten_thousand_forms_and_ten_hostile_ones_in_flat_memory(tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    good, hostile = _make_folder(folder)
    out = tmp_path / "out"
    code, stderr, seconds, memory, largest = _run_measured(["collect", str(folder), "-o", str(out)], out)
    main = memory.peak_each.get(memory.pid, 0)
    growth = memory.growth_after(0.5, (out / "responses.csv").stat().st_size) if out.is_dir() else main
    print(f"\ncollect: {GOOD + len(HOSTILE)} files in {seconds:.1f} s ({(GOOD + len(HOSTILE)) / seconds:.0f} files/s); "
          f"peak RSS: main process {main / 2**20:.0f} MiB, largest process {largest / 2**20:.0f} MiB, "
          f"sum over the tree {memory.peak_sum / 2**20:.0f} MiB ({len(memory.peak_each)} processes); "
          f"the main process grew {growth / 2**20:.1f} MiB over the second half")

    assert "Traceback" not in stderr
    assert code == 1, stderr[-2000:]  # something was skipped; the good forms are still written
    skipped = [line for line in stderr.splitlines() if line.startswith("Skipped: ")]
    assert sorted(line.split(": ", 2)[1] for line in skipped) == sorted(map(str, hostile))
    assert all(len(line.split(": ", 2)[2]) > 20 for line in skipped), skipped  # a reason each

    _check_rows(out, good)
    forms = json.loads((out / "responses.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in forms] == sorted(map(str, good))
    assert forms[123]["identity"]["name"] == f"Person {good[Path(forms[123]['file'])][0]:05d}"



def _check_rows(out: Path, good: dict[Path, tuple[int, int]]) -> None:
    """Every good form's rows, in sorted path order, with that person's answers."""
    comps = [k.id for k in effective_catalog(()).categories[0].competencies]
    with open(out / "responses.csv", newline="", encoding="utf-8") as handle:
        rows = csvout.reader(handle)
        header = next(rows)
        files: list[str] = []
        count = 0
        for row in rows:
            count += 1
            cell = dict(zip(header, row))
            path = Path(cell["file"])
            number, pattern = good[path]  # a KeyError: a row for a file that is not a good form
            person = _person(number)
            if not files or files[-1] != cell["file"]:
                files.append(cell["file"])
            n = comps.index(cell["competency_id"])
            assert (cell["person"], cell["role"], cell["round"]) == (person["name"], person["role"], "followup")
            assert cell["rating_value"] == RATINGS[(pattern + n) % len(RATINGS)], cell
            assert cell["notes"] == (person["CC1_1_notes"] if n == 0 else ""), cell
    assert files == sorted(map(str, good))  # every good form once, in the order of their paths
    assert count == len(good) * len(comps)  # and each of its competencies once


# -- the same outputs as the library's, in the same order; a bounded reorder buffer; kills -----------
def _fill_many(folder: Path, count: int) -> None:
    from formkit.documents.checklist.fastfill import FastFiller
    from formkit.documents.selfassess import render_category
    from formkit.pdfform.fill import fill_form

    catalog = effective_catalog(())
    filled = fill_form(render_category(catalog, catalog.categories[0]), {"CC1_2_rating": "3"})
    filler = FastFiller(filled, list(_person(0)))
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"form-{i:04d}.pdf").write_bytes(filler.fill(_person(i)))


def test_streamed_outputs_are_the_library_outputs_of_a_serial_read(tmp_path: Path) -> None:
    from formkit.collect import collect, find_pdfs, to_csv, to_json
    from formkit.collect.report import render_report
    from formkit.collect.stream import write_collected

    catalog = effective_catalog(())
    _fill_many(tmp_path / "in", 90)
    (tmp_path / "in" / "form-0045.pdf").write_bytes(b"%PDF-1.7\n1 0 obj damaged")
    serial = collect([tmp_path / "in"], catalog, jobs=1)
    skipped: list[str] = []
    totals = write_collected(find_pdfs([tmp_path / "in"]), catalog, tmp_path / "out", jobs=2,
                             report_name=lambda form: Path(form.file).stem,
                             on_skip=lambda file, reason: skipped.append(file))
    assert (totals.forms, totals.skipped, totals.rows) == (89, 1, 89 * 5)
    assert skipped == [f for f, _ in serial.failures] == [str(tmp_path / "in" / "form-0045.pdf")]
    assert (tmp_path / "out" / "responses.csv").read_bytes() == to_csv(serial.responses).encode()
    assert (tmp_path / "out" / "responses.json").read_text(encoding="utf-8") == to_json(serial.responses)
    reports = sorted((tmp_path / "out" / "reports").iterdir())
    assert [p.name for p in reports] == [f"summary-{Path(r.file).stem}.pdf" for r in serial.responses]
    assert reports[7].read_bytes() == render_report(serial.responses[7], catalog)
    assert [p.name for p in (tmp_path / "out").rglob(".*.tmp")] == []


def test_the_reorder_buffer_holds_a_few_chunks_however_slow_the_reader(tmp_path: Path) -> None:
    """ProcessPoolExecutor.map would submit all 1,000 chunks at once and keep every result."""
    from concurrent.futures import ThreadPoolExecutor

    from formkit.runtime.workers import in_order

    submitted = 0

    def work(chunk: list[int]) -> list[int]:
        return [n * 2 for n in chunk]

    with ThreadPoolExecutor(2) as real:
        class Counting:
            def submit(self, fn, *args):  # type: ignore[no-untyped-def]
                nonlocal submitted
                submitted += 1
                return real.submit(fn, *args)

        seen = []
        for n, value in enumerate(in_order(Counting(), work, range(10_000), chunk=10, ahead=4)):
            seen.append(value)
            assert submitted <= n // 10 + 1 + 4  # the chunk being read, and at most 4 ahead of it
    assert seen == [n * 2 for n in range(10_000)] and submitted == 1000


def test_a_killed_collect_replaces_nothing_and_leaves_no_half_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _fill_many(tmp_path / "few", 3)
    command = [sys.executable, "-m", "formkit", "collect", "-o", str(out)]
    subprocess.run([*command, str(tmp_path / "few")], check=True, capture_output=True, timeout=120)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _fill_many(tmp_path / "many", 600)
    with subprocess.Popen([*command, str(tmp_path / "many")], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, start_new_session=True) as proc:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size > 20_000 for p in out.glob("*responses.csv*")):  # rows of ~40 forms
            assert proc.poll() is None and time.monotonic() < deadline, "collect ended before it could be killed"
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-way through writing
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".tmp")} == before
    done = subprocess.run([*command, str(tmp_path / "many")], check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))  # the killed run's leftovers went too
    assert (out / "responses.csv").read_bytes().count(b"\r\n") == 1 + 600 * 5
