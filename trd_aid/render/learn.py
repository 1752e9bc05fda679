"""Rich output for `trd-aid learn`: the list of topics, or one topic with its worked example."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trd_aid.knowledge.learn import Topic, fill
from trd_aid.knowledge.models import KnowledgeBase
from trd_aid.render.layout import bullet, heading, paragraph


def render_topic_list(topics: list[Topic], console: Console) -> None:
    console.print(heading("trd-aid learn: short explanations with worked examples"))
    table = Table(header_style="bold", expand=True)
    table.add_column("Topic", no_wrap=True)
    table.add_column("What it explains", ratio=1)
    for t in topics:
        table.add_row(t.id, paragraph(t.title))
    console.print(table)
    console.print(paragraph("Read one with `trd-aid learn TOPIC`, for example `trd-aid learn adequate-dose`."))


def render_topic(topic: Topic, kb: KnowledgeBase, console: Console) -> None:
    console.print(heading(topic.title))
    console.print()
    for part in _paragraphs(fill(topic.text, kb)):
        console.print(paragraph(part))
        console.print()
    console.print(heading("Worked example"))
    for part in _paragraphs(fill(topic.example.text, kb)):
        console.print(paragraph(part))
    console.print()
    console.print(heading("Sources"))
    for sid in topic.sources:
        console.print(bullet(Text(f"[{sid}] {' '.join(kb.sources[sid].citation.split())}", style="dim")))
    console.print()
    console.print(paragraph(kb.disclaimer, style="italic"))


def _paragraphs(text: str) -> list[str]:
    """A blank line in the data (a line break in a folded scalar) starts a new paragraph."""
    return [part for part in (" ".join(chunk.split()) for chunk in text.split("\n")) if part]
