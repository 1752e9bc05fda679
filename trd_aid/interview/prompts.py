"""Asking and telling: plain lines in, plain lines out, so any terminal and screen reader can follow.

Ctrl-C (KeyboardInterrupt) and end of input (EOFError) are not caught here: they end the whole
interview, and the CLI turns them into a goodbye and exit status 130. A closed standard input is
end of input too.

What a person types is echoed back (a name not recognised, a dose not understood), so every answer
is made safe to show as it comes in: control and bidi characters escaped (an arrow key in a plain
terminal arrives as ESC [ D and is shown as `\x1b[D`), and no answer longer than `MAX_ANSWER`.
Everything said goes through the same escaping.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from trd_aid.interview.parsing import parse_choice, parse_yes_no
from trd_aid.safe_text import ECHO_LIMIT, safe_text

T = TypeVar("T")

MAX_ANSWER = ECHO_LIMIT  # longer than any name, dose, duration or number asked for


class Asker:
    def __init__(self, console: Console) -> None:
        self.console = console

    def say(self, text: str = "", *, bold: bool = False) -> None:
        self.console.print(Text(safe_text(text, multiline=True), style="bold" if bold else ""), soft_wrap=False)

    def heading(self, text: str) -> None:
        self.console.print()
        self.console.print(Text(safe_text(text, multiline=True), style="bold"))

    def option(self, number: int, text: str, *, width: int = 1) -> None:
        """One numbered line; a long one wraps under its text, not under its number."""
        from trd_aid.render.layout import bullet

        self.console.print(bullet(Text(safe_text(text, multiline=True)), f"{number:>{width}}.", indent=2))

    def hint(self, text: str) -> None:
        self.console.print(Padding(Text(safe_text(text, multiline=True)), (0, 0, 0, 2), expand=False))

    def line(self, prompt: str = "") -> str:
        """One answer, safe to echo; asks again when it is longer than any answer needs to be."""
        while True:
            if sys.stdin is None or sys.stdin.closed:
                raise EOFError  # a closed standard input is the end of input, not a crash
            answer = safe_text(self.console.input(Text(f"{prompt} > " if prompt else "> ")).strip())
            if len(answer) <= MAX_ANSWER:
                return answer
            self.hint(f"That answer is {len(answer):,} characters long; please type at most {MAX_ANSWER}.")

    def ask(self, question: str, parse: Callable[[str], T], example: str | None = None) -> T:
        """Ask until `parse` accepts the answer; its ValueError message is shown as the hint."""
        self.say()
        self.say(question)
        if example:
            self.hint(example)
        while True:
            answer = self.line()
            try:
                return parse(answer)
            except ValueError as exc:
                self.hint(str(exc))

    def choose(self, question: str, options: Sequence[str], words: Sequence[str] = ()) -> int:
        """A numbered list; returns the 0-based index of the option chosen. `words` (one pattern per
        option) lets an answer in words pick it too."""
        self.menu(question, options)
        return self.ask_again(lambda text: parse_choice(text, len(options), words))

    def menu(self, question: str, options: Sequence[str], hint: str | None = None) -> None:
        """The question and its numbered options (then `hint`), for `ask_again` to read the answer."""
        self.say()
        self.say(question)
        for number, option in enumerate(options, start=1):
            self.option(number, option)
        if hint is not None:
            self.hint(hint)

    def yes_no(self, question: str, *, skippable: bool = False) -> bool | None:
        """True or False; None only when `skippable` and the answer is empty (Enter)."""
        self.say()
        self.say(question)
        self.hint("Type yes or no, or press Enter to skip." if skippable else "Type yes or no.")
        return self.ask_again(lambda text: parse_yes_no(text, skippable=skippable))

    def ask_again(self, parse: Callable[[str], T]) -> T:
        while True:
            try:
                return parse(self.line())
            except ValueError as exc:
                self.hint(str(exc))
