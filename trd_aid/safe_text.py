"""Text from the input, made safe to show on a terminal, in an error line or in a report.

A history is typed or pasted by a person, or crafted by someone else. Some characters act instead
of being shown: ESC (0x1b) and the one-byte CSI (0x9b) start the sequences that clear a screen, set
a window title or plant a hyperlink; BEL, backspace, carriage return and DEL move or ring; the
bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what is shown; other
format characters are invisible. trd-aid never shows them raw: each is written escaped, the way
Python writes it (`\\x1b`, `\\u202e`), so a person sees that something is there and nothing acts
on it. Values echoed in messages are also capped (`ECHO_LIMIT` characters, then "…").
"""

from __future__ import annotations

import math
import re
import unicodedata

ECHO_LIMIT = 80  # characters of an input value shown in a message
WORD_LIMIT = 120  # a longer run of non-blank characters in an error line is cut in the middle
LINE_LIMIT = 1000  # an error line is never longer than this
ELLIPSIS = "…"

# Cc: C0 and C1 controls and DEL; Cf: bidi controls, zero-width and other invisible format
# characters; Cs: lone surrogates (JSON can carry them; no encoder writes them); Zl, Zp: the
# Unicode line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e]")
_LONG_WORD = re.compile(rf"\S{{{WORD_LIMIT + 1},}}")
_WORD = re.compile(r"\w+")


_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _shown_char(char: str, keep: str) -> str:
    if char in keep or char.isprintable():
        return char
    return _escaped(char) if unicodedata.category(char) in _UNSAFE_CATEGORIES else char


def safe_text(text: str, *, limit: int | None = None, multiline: bool = False) -> str:
    """`text` safe to echo: control, bidi and invisible characters escaped (`\\x1b`, `\\u202e`).

    `multiline` keeps line breaks and tabs (free text such as a note; a carriage return becomes a
    line break); otherwise they are escaped too. With `limit`, the result has at most that many
    characters and ends with "…" when anything was cut.
    """
    keep = ""
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        keep = "\n\t"
    if limit is None:
        return _NOT_PLAIN_ASCII.sub(lambda match: _shown_char(match.group(), keep), text)
    pieces = [_shown_char(char, keep) for char in text[: limit + 1]]
    if len(text) <= limit and sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    out, size = [], 0
    for piece in pieces:
        if size + len(piece) > limit - 1:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out) + ELLIPSIS


def digits_of(number: int) -> int:
    """How many decimal digits an integer has, without converting a huge one to text."""
    number = abs(number)
    if number.bit_length() <= 10_000:  # well inside Python's 4,300-digit conversion limit
        return len(str(number))
    return int(number.bit_length() * math.log10(2)) + 1


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value from the input as a message shows it: a string quoted, everything escaped and capped."""
    if isinstance(value, str):
        return f"'{safe_text(value, limit=limit)}'"
    if isinstance(value, int) and not isinstance(value, bool) and digits_of(value) > 20:
        return f"a number with {digits_of(value):,} digits"
    if isinstance(value, float) and not math.isfinite(value):
        return {"inf": "infinity", "-inf": "minus infinity"}.get(str(value), "NaN")
    if isinstance(value, (list, tuple, set, frozenset)):
        return "a list"  # never str(): YAML aliases can make a small file a list of billions of items
    if isinstance(value, dict):
        return "a mapping"
    return safe_text(str(value), limit=limit)


def safe_line(text: str) -> str:
    """One line for stderr: everything escaped (line breaks too), long words and the line itself cut."""
    if len(text) > 4 * LINE_LIMIT:  # bound the work first; the end usually holds the suggestion
        text = text[: 3 * LINE_LIMIT] + ELLIPSIS + text[-LINE_LIMIT:]
    text = _LONG_WORD.sub(lambda m: _middle_cut(m.group(), WORD_LIMIT), text)
    text = safe_text(text)
    text = _LONG_WORD.sub(lambda m: _middle_cut(m.group(), WORD_LIMIT), text)
    return _middle_cut(text, LINE_LIMIT)


def _middle_cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 3
    tail = limit - 1 - head
    return text[:head] + ELLIPSIS + text[len(text) - tail :]


def _looks_latin_but_is_not(char: str) -> bool:
    return char.isalpha() and not char.isascii() and "LATIN" not in unicodedata.name(char, "")


def lookalikes(text: str) -> tuple[str, str | None]:
    """Words that mix Latin letters with look-alikes from another script (sertral\\u0456ne, a Cyrillic i).

    Returns the text with those letters escaped, and a sentence that says what they are, or None.
    """
    notes: list[str] = []

    def mark(match: re.Match[str]) -> str:
        word = match.group()
        strange = [char for char in word if _looks_latin_but_is_not(char)]
        if not strange or not any(char.isascii() and char.isalpha() for char in word):
            return word
        visible = "".join(_escaped(char) if char in strange else char for char in word)
        letters = ", ".join(
            dict.fromkeys(
                f"{_escaped(char)} is {unicodedata.name(char, 'an unnamed letter').split()[0].title()}"
                for char in strange
            )
        )
        notes.append(f"'{visible}' contains a non-Latin letter ({letters}).")
        return visible

    marked = _WORD.sub(mark, text)
    return marked, (" ".join(dict.fromkeys(notes)) or None)
