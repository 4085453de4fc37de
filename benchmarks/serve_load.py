"""A bounded load test of `formkit serve` on loopback: N users fill and save for S seconds.

Each simulated user opens the fill page, gives a name, then goes round the categories: it loads a
category's screen and sends it with a fresh random rating for every statement (and a note), as
fast as the server answers. Every request is timed. At the end every user's draft is read back
from the data folder and compared with the last answers that user sent: an answer that differs
or is missing is a lost answer. The server is a separate process (`formkit serve`, Werkzeug's
threaded server, as a user starts it); the users are threads of this one.

    python benchmarks/serve_load.py --users 20 --seconds 60

Prints the figures and adds them as a row to benchmarks/serve-load.md.
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


class User:
    """One browser: a cookie, a CSRF token, the answers it last sent."""

    def __init__(self, port: int, number: int, think: float = 0.0) -> None:
        self.port, self.name, self.think = port, f"Load user {number:02d}", think
        self.cookie = ""
        self.token = ""
        self.sent: dict[str, str] = {}
        self.times: list[float] = []
        self.errors: list[str] = []
        self.saves = 0
        self.rng = random.Random(number)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(form or {})
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body if form is not None else None, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        self.times.append(time.perf_counter() - start)
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        if response.status >= 400:
            self.errors.append(f"{method} {path}: {response.status}")
        return response.status, text

    def start(self) -> None:
        _status, page = self.request("GET", "/fill")
        self.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        self.request("POST", "/fill", {"csrf_token": self.token, "name": self.name, "round": "baseline"})

    def category(self, cat: str) -> None:
        _status, page = self.request("GET", f"/fill/{cat}")
        fields = sorted(set(re.findall(r'name="(CC\d+_\d+_rating)"', page)))
        answers = {field: self.rng.choice(VALUES) for field in fields}
        answers.update({field.replace("_rating", "_notes"): f"note {self.rng.randrange(10**6)}" for field in fields})
        time.sleep(self.think)  # reading the screen and choosing the answers
        status, _text = self.request("POST", f"/fill/{cat}", {"csrf_token": self.token, **answers})
        if status == 302:
            self.sent.update(answers)
            self.saves += 1
        time.sleep(self.think)

    def run(self, deadline: float) -> None:
        try:
            self.start()
            while time.monotonic() < deadline:
                for cat in CATEGORIES:
                    if time.monotonic() >= deadline:
                        break
                    self.category(cat)
        except Exception as exc:  # noqa: BLE001 - counted as an error, the run goes on
            self.errors.append(f"{type(exc).__name__}: {exc}")


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


def lost_answers(users: list[User], data: Path) -> tuple[int, int]:
    """(answers sent, answers missing or different in the drafts the server kept)."""
    drafts = {}
    for path in (data / "drafts").glob("*.json"):
        draft = json.loads(path.read_text(encoding="utf-8"))
        drafts[draft["identity"]["name"]] = draft.get("values", {})
    sent = sum(len(u.sent) for u in users)
    lost = sum(1 for u in users for key, value in u.sent.items() if drafts.get(u.name, {}).get(key) != value)
    return sent, lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds a user waits before each send and after it (0: back to back)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "serve-load.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, port = Path(tmp) / "data", free_port()
        server = start_server(data, port)
        try:
            users = [User(port, n, args.think) for n in range(args.users)]
            deadline = time.monotonic() + args.seconds
            threads = [threading.Thread(target=u.run, args=(deadline,)) for u in users]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            server.terminate()
            server.wait(10)
        sent, lost = lost_answers(users, data)
    times = sorted(t for u in users for t in u.times)
    errors = [e for u in users for e in u.errors]
    p95 = times[int(0.95 * (len(times) - 1))] * 1000
    row = (f"| {time.strftime('%Y-%m-%d %H:%M')} | {args.users} | {args.seconds:.0f} | {args.think:g} | "
           f"{os.getloadavg()[0]:.1f} | {len(times)} | {sum(u.saves for u in users)} | "
           f"{statistics.median(times) * 1000:.0f} | {p95:.0f} | {times[-1] * 1000:.0f} | {len(errors)} | "
           f"{sent} | {lost} |")
    out = Path(args.out)
    if not out.exists():
        out.write_text(HEADER, encoding="utf-8")
    with out.open("a", encoding="utf-8") as table:
        table.write(row + "\n")
    print(HEADER.splitlines()[-2] + "\n" + row + "".join(f"\n  {e}" for e in errors[:10]))


HEADER = """# `formkit serve` under load

`python benchmarks/serve_load.py --users 20 --seconds 60 --think T`: simulated users on loopback fill
and save the self-assessment one category after another; each waits T seconds before and after each
send (0: back to back, no person is that fast). The server is `formkit serve` (Werkzeug's threaded
server, one process) on this 2-CPU machine, which other work shares (the load average is in the
table). *Answers checked* is every answer each user sent last, read back from the drafts the server
kept; *lost* counts those missing or different. Goal (issue 20): p95 < 150 ms, 0 errors, 0 lost.

| when (UTC) | users | seconds | think s | load avg | requests | saves | p50 ms | p95 ms | max ms | errors | answers checked | lost |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
"""


if __name__ == "__main__":
    main()
