"""The field font's line breaking (formkit.pdfform.fieldfont.wrap): the lines a filled box and a
box's character limit are made from, checked against breaking by measuring each whole line."""

from __future__ import annotations

import random

from formkit.pdfform.fieldfont import FieldFont, field_font, wrap


def _measured(ff: FieldFont, text: str, size: float, width: float) -> list[str]:
    """Greedy breaking that measures the whole candidate line every time (the plain definition)."""
    lines: list[str] = []
    for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if ff.width(trial, size) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            line = ""
            for ch in word:
                if line and ff.width(line + ch, size) > width:
                    lines.append(line)
                    line = ""
                line += ch
        lines.append(line)
    return lines


def test_wrap_gives_the_lines_of_measuring_each_whole_line() -> None:
    ff = field_font()
    pieces = ["peer", "support", "Ирина", "Nguyễn", "Ωmega", "recovery-oriented", "a", "", "😀", "\t",
              "WWWWWWWWWWWWWWWWWWWWWWWWWWWW", "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii", "\r\n", "\n", "\r", "  "]
    rng = random.Random(17)
    for _ in range(400):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randrange(0, 60)))
        size = rng.choice([7, 9, 9.5, 10, 12])
        width = rng.choice([3.0, 40.0, 97.3, 180.0, 431.5])
        assert wrap(ff, text, size, width) == _measured(ff, text, size, width), (text, size, width)
