"""Asking and telling: plain lines in, plain lines out, so any terminal and screen reader can follow.

Ctrl-C (KeyboardInterrupt) and end of input (EOFError) are not caught here: they end the whole
interview, and the CLI turns them into a goodbye and exit status 130.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from trd_aid.interview.parsing import parse_choice, parse_yes_no

T = TypeVar("T")


class Asker:
    def __init__(self, console: Console) -> None:
        self.console = console

    def say(self, text: str = "", *, bold: bool = False) -> None:
        self.console.print(Text(text, style="bold" if bold else ""), soft_wrap=False)

    def heading(self, text: str) -> None:
        self.console.print()
        self.console.print(Text(text, style="bold"))

    def hint(self, text: str) -> None:
        self.console.print(Padding(Text(text), (0, 0, 0, 2)))

    def line(self, prompt: str = "") -> str:
        return self.console.input(Text(f"{prompt} > " if prompt else "> ")).strip()

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

    def choose(self, question: str, options: Sequence[str]) -> int:
        """A numbered list; returns the 0-based index of the option chosen."""
        self.say()
        self.say(question)
        for number, option in enumerate(options, start=1):
            self.say(f"  {number}. {option}")
        return self.ask_again(lambda text: parse_choice(text, len(options)))

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
