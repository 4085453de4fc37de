"""A bounded load test of `formkit serve` on loopback: N users fill, save and finish; answers counted in the store.

Each simulated user opens the fill page, gives a name, then goes round the categories for S
seconds: it loads a category's screen and sends it with a fresh random rating for every
statement (and a note), waiting T seconds before and after each send. When the time is up it
presses "finish" (the same POST a person's button sends), which makes the filled PDF and
ingests it into the server's answer store. The script then opens that store
(`formkit.store.open_store` on formkit.db in the data folder) and checks every rating each user
sent last against the newest self-assessment the store holds for that person and round: a
rating missing or different is a lost answer. The store is what the people and cohort pages
and `formkit people` read, so an answer that reached only a draft counts as lost.

Fill/save requests are timed as pages; finish requests apart, since each builds a PDF and
ingests it (the first also renders the blank booklet), so they are slower by nature. The server
is a separate process (`formkit serve`, Werkzeug's threaded server, as a user starts it); the
users are threads of this one.

    python benchmarks/serve_load.py --users 20 --seconds 60

Prints the figures and adds them as a row to the store-count table of benchmarks/serve-load.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = [f"CC{n}" for n in range(1, 13)]
VALUES = ["1", "2", "3", "4", "NA"]
ROUND = "baseline"
PAGE_TIMEOUT, FINISH_TIMEOUT = 30, 180  # seconds; finishes queue behind one another's PDF builds
TAMPERING = ("drop", "change")


class User:
    """One browser: a cookie, a CSRF token, the ratings it last sent, its request times."""

    def __init__(self, port: int, number: int, think: float = 0.0) -> None:
        self.port, self.name, self.think = port, f"Load user {number:02d}", think
        self.cookie = ""
        self.token = ""
        self.sent: dict[str, str] = {}  # rating field name -> the value last sent and saved
        self.times: dict[str, list[float]] = {"page": [], "finish": []}
        self.errors: list[str] = []
        self.saves = 0
        self.finished = False
        self.rng = random.Random(number)

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                kind: str = "page") -> tuple[int, str]:
        body = urllib.parse.urlencode(form or {})
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        timeout = FINISH_TIMEOUT if kind == "finish" else PAGE_TIMEOUT
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body if form is not None else None, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        self.times[kind].append(time.perf_counter() - start)
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        if response.status >= 400:
            self.errors.append(f"{method} {path}: {response.status}")
        return response.status, text

    def start(self) -> None:
        _status, page = self.request("GET", "/fill")
        self.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        self.request("POST", "/fill", {"csrf_token": self.token, "name": self.name, "round": ROUND})

    def category(self, cat: str) -> None:
        _status, page = self.request("GET", f"/fill/{cat}")
        fields = sorted(set(re.findall(r'name="(CC\d+_\d+_rating)"', page)))
        ratings = {field: self.rng.choice(VALUES) for field in fields}
        notes = {field.replace("_rating", "_notes"): f"note {self.rng.randrange(10**6)}" for field in fields}
        time.sleep(self.think)  # reading the screen and choosing the answers
        status, _text = self.request("POST", f"/fill/{cat}", {"csrf_token": self.token, **ratings, **notes})
        if status == 302:
            self.sent.update(ratings)
            self.saves += 1
        time.sleep(self.think)

    def finish(self) -> None:
        """Press "finish and make my PDF": the server fills the booklet and ingests it into the store."""
        status, _text = self.request("POST", "/fill/finish", {"csrf_token": self.token}, kind="finish")
        self.finished = status == 302

    def run(self, deadline: float, data: Path, tamper: str | None = None) -> None:
        try:
            self.start()
            while time.monotonic() < deadline:
                for cat in CATEGORIES:
                    if time.monotonic() >= deadline:
                        break
                    self.category(cat)
            if tamper:
                tamper_draft(data, self.name, tamper)
            self.finish()
        except Exception as exc:  # noqa: BLE001 - counted as an error, the run goes on
            self.errors.append(f"{type(exc).__name__}: {exc}")


def tamper_draft(data: Path, name: str, how: str) -> None:
    """Debug only (--debug-lose): play a server that lost or garbled one saved rating of ``name``'s
    draft before the finish, so the store check must count it lost. Proves the check can fail."""
    for path in sorted((data / "drafts").glob("*.json")):
        draft = json.loads(path.read_text(encoding="utf-8"))
        ratings = sorted(k for k, v in draft.get("values", {}).items() if k.endswith("_rating") and v)
        if draft.get("identity", {}).get("name") != name or not ratings:
            continue
        if how == "drop":
            draft["values"][ratings[0]] = ""
        else:
            draft["values"][ratings[0]] = "1" if draft["values"][ratings[0]] != "1" else "2"
        part = path.with_name(f".tamper-{path.name}")  # renamed into place: other users read drafts meanwhile
        part.write_text(json.dumps(draft, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
        os.replace(part, path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-m", "formkit", "serve", "--no-browser", "--port", str(port),
                               "--data", str(data)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("the server did not start")


def stored_ratings(data: Path) -> dict[str, dict[str, str]]:
    """Person's name -> {rating field name: the value ticked} of the newest self-assessment of
    the round in the server's answer store (formkit.db in the data folder)."""
    from formkit.core.errors import FormkitError
    from formkit.documents.selfassess.names import rating_name
    from formkit.store import SELF, open_store

    path = data / "formkit.db"
    if not path.is_file():  # opening would create an empty store; nothing reached it
        return {}
    out: dict[str, dict[str, str]] = {}
    try:
        with open_store(path) as store:
            for person in store.people():
                found = store.submissions(person_id=person.person_id, round=ROUND, rater=SELF)
                if found:
                    answers = store.answers([found[-1].submission_id])
                    out[person.name] = {rating_name(a.competency_id): a.choice for a in answers if a.choice}
    except FormkitError as exc:  # a store the server broke: every answer sent is lost
        print(f"the answer store cannot be read: {exc.one_line()}", file=sys.stderr)
        return {}
    return out


def lost_answers(users: list[User], data: Path) -> tuple[int, int]:
    """(ratings sent, ratings missing from the store or different there)."""
    stored = stored_ratings(data)
    sent = sum(len(u.sent) for u in users)
    lost = sum(1 for u in users for key, value in u.sent.items() if stored.get(u.name, {}).get(key) != value)
    return sent, lost


def run_load(args: argparse.Namespace) -> tuple[list[User], int, int]:
    """Start a server on a fresh data folder, run the users, stop it; (users, sent, lost)."""
    with tempfile.TemporaryDirectory() as tmp:
        data, port = Path(tmp) / "data", free_port()
        server = start_server(data, port)
        try:
            users = [User(port, n, args.think) for n in range(args.users)]
            deadline = time.monotonic() + args.seconds
            threads = [threading.Thread(target=u.run, args=(deadline, data, args.debug_lose)) for u in users]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            server.terminate()
            server.wait(10)
        sent, lost = lost_answers(users, data)
    return users, sent, lost


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def table_row(args: argparse.Namespace, users: list[User], sent: int, lost: int) -> str:
    pages = sorted(t for u in users for t in u.times["page"])
    finishes = sorted(t for u in users for t in u.times["finish"])
    errors = sum(len(u.errors) for u in users)
    p95 = pages[int(0.95 * (len(pages) - 1))] if pages else 0.0
    finish_cells = (f"{ms(statistics.median(finishes))} | {ms(finishes[-1])}" if finishes else "- | -")
    return (f"| {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} | {args.users} | {args.seconds:.0f} | "
            f"{args.think:g} | {os.getloadavg()[0]:.1f} | {len(pages)} | {sum(u.saves for u in users)} | "
            f"{ms(statistics.median(pages)) if pages else '-'} | {ms(p95)} | {ms(pages[-1]) if pages else '-'} | "
            f"{errors} | {sum(u.finished for u in users)} | {finish_cells} | {sent} | {lost} |")


def record(out: Path, row: str) -> None:
    """Add ``row`` at the end of the store-count table (made, with the file, when missing); the
    older drafts-count table below it is left as it is."""
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else HEADER.splitlines()
    if TABLE[0] not in lines:
        lines += ["", *TABLE]
    end = lines.index(TABLE[0]) + 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines.insert(end, row)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds a user waits before each send and after it (0: back to back)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "serve-load.md"))
    parser.add_argument("--debug-lose", choices=TAMPERING, default=None,
                        help="check the check: before finishing, blank (drop) or alter (change) one saved "
                             "rating in each user's draft; lost must then be one per user that saved")
    args = parser.parse_args()
    users, sent, lost = run_load(args)
    row = table_row(args, users, sent, lost)
    if args.debug_lose is None:
        record(Path(args.out), row)
    errors = [e for u in users for e in u.errors]
    print(TABLE[0] + "\n" + row + "".join(f"\n  {e}" for e in errors[:10]))


TABLE = ("| when (UTC) | users | seconds | think s | load avg | requests | saves | p50 ms | p95 ms | max ms | errors "
         "| finishes | finish p50 ms | finish max ms | ratings checked in store | lost |",
         "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")

HEADER = """# `formkit serve` under load

Rows added by `python benchmarks/serve_load.py` (see its docstring): p50/p95/max are the fill and
save pages; finishes (PDF built and ingested into the answer store) are timed apart; *lost* counts
ratings each user sent last that the answer store does not hold as sent.
"""


if __name__ == "__main__":
    main()
