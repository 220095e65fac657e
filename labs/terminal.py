"""Tables for a terminal, as the `labs` commands print them: columns left-aligned, the last column
wrapped to the terminal's width, and Korean counted as terminals draw it (two cells a character)."""

from __future__ import annotations

import os
import shutil
import unicodedata

MIN_LAST_COLUMN = 30
GAP = "  "


def width(text: str) -> int:
    """Columns a terminal uses for `text`: East Asian wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def wrap(text: str, columns: int) -> list[str]:
    """`text` in lines of at most `columns` terminal columns, broken at spaces (a wider word is cut)."""
    lines, current = [], ""
    for word in text.split():
        for piece in _pieces(word, columns) if width(word) > columns else [word]:
            candidate = f"{current} {piece}" if current else piece
            if width(candidate) <= columns:
                current = candidate
            else:
                lines.append(current)
                current = piece
    lines.append(current)
    return lines


def _pieces(word: str, columns: int):
    piece = ""
    for ch in word:
        if width(piece + ch) > columns:
            yield piece
            piece = ch
        else:
            piece += ch
    if piece:
        yield piece


def terminal_columns() -> int:
    """The terminal's width; 120 when the output is not a terminal (a pipe, a file) and COLUMNS is not set."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    return shutil.get_terminal_size((120, 24)).columns


def table(headers: list[str], rows: list[list[str]], columns: int | None = None) -> str:
    """Rows under headers, every column left-aligned; the last one wrapped to fit `columns` (the terminal's
    width). When the other columns leave it less than MIN_LAST_COLUMN, each row is printed as a block instead:
    its first columns on one line (two when they do not fit), the last one wrapped below them."""
    columns = columns or terminal_columns()
    fixed = [max(width(str(row[i])) for row in [headers, *rows]) for i in range(len(headers) - 1)]
    room = columns - sum(fixed) - len(GAP) * len(fixed)
    lines = []
    if room >= MIN_LAST_COLUMN:
        indent = " " * (sum(fixed) + len(GAP) * len(fixed))
        for row in [headers, *rows]:
            head = GAP.join(pad(str(cell), w) for cell, w in zip(row[:-1], fixed, strict=True)) + GAP
            wrapped = wrap(str(row[-1]), room)
            lines.append((head + wrapped[0]).rstrip())
            lines += [(indent + line).rstrip() for line in wrapped[1:]]
        return "\n".join(lines)
    for row in [headers, *rows]:
        head = ""
        for cell in map(str, row[:-1]):  # the first columns on one line, on two when they do not fit
            candidate = f"{head}{GAP}{cell}" if head else cell
            if head and width(candidate) > columns:
                lines.append(head)
                candidate = cell
            head = candidate
        lines.append(head)
        lines += ["    " + line for line in wrap(str(row[-1]), max(columns - 4, 20))]
    return "\n".join(lines)
