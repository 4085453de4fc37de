"""Independent readers of the seed texts in tests/data/seeds, for verbatim checks.

Deliberately separate from formkit's code: the catalogue is compared with the source text,
not with itself. Only typography is normalised (quotes, whitespace).
"""

from __future__ import annotations

import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def final_2018() -> list[tuple[str, list[str]]]:
    """[(category title, [statements])] from seed 004, in order."""
    text = _seed("004")
    out = []
    for block in re.split(r"Category [IVX]+: ", text)[1:]:
        first_item = re.search(r"(?m)^\s*1\. ", block)
        head = block[: first_item.start()]
        title = norm(re.split(r"(?m)^(?:These|The competencies|This category)", head)[0])
        items = [norm(x) for x in re.split(r"(?m)^\s*\d+\. ", block[first_item.start():])[1:]]
        out.append((title, items))
    return out


def wise_2015() -> list[tuple[str, list[str]]]:
    """[(category title, [statements])] of the W.I.S.E. guide's list (seed 001)."""
    text = _seed("001")
    body = text[text.index("### CATEGORY 1"): text.index("## CORE PRINCIPLES")]
    cats: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        heading = re.match(r"#{2,3} CATEGORY \d+(, CONT'D)?(?:: (.+))?$", line)
        if heading:
            if not heading.group(1):
                cats.append((norm(re.sub(r"<sup>\d+</sup>", "", heading.group(2))), []))
        elif line.startswith("- ") and cats and not line.startswith("- **"):
            cats[-1][1].append(norm(line[2:]))
    return cats


def wise_principles() -> list[tuple[str, str]]:
    text = _seed("001")
    body = text[text.index("## CORE PRINCIPLES"): text.index("## Source: CCSA")]
    return [(norm(n), norm(d)) for n, d in re.findall(r"### ([A-Z\- ]+)\n\n- (.+)", body)]


def principles_2018() -> list[tuple[str, str]]:
    return [(norm(n), norm(d)) for n, d in re.findall(r"• ([A-Z\-]+): (.+)", _seed("003"))]


def ccsa() -> str:
    return norm(_seed("001"))
