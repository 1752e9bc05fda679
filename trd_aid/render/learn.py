"""Rich output for `trd-aid learn`: the list of topics, or one topic with its worked example."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from trd_aid.knowledge.learn import Topic, fill
from trd_aid.knowledge.models import KnowledgeBase


def render_topic_list(topics: list[Topic], console: Console) -> None:
    console.print(Text("trd-aid learn: short explanations with worked examples", style="bold"))
    table = Table(header_style="bold")
    table.add_column("Topic")
    table.add_column("What it explains", overflow="fold")
    for t in topics:
        table.add_row(t.id, t.title)
    console.print(table)
    console.print("Read one with `trd-aid learn TOPIC`, for example `trd-aid learn adequate-dose`.")


def render_topic(topic: Topic, kb: KnowledgeBase, console: Console) -> None:
    console.print(Text(topic.title, style="bold"))
    console.print()
    console.print(escape(fill(topic.text, kb)), soft_wrap=True)
    console.print()
    console.print(Text("Worked example", style="bold"))
    console.print(escape(fill(topic.example.text, kb)), soft_wrap=True)
    console.print()
    console.print(Text("Sources", style="bold"))
    for sid in topic.sources:
        console.print(escape(f"   [{sid}] {' '.join(kb.sources[sid].citation.split())}"), soft_wrap=True, style="dim")
    console.print()
    console.print(Text(" ".join(kb.disclaimer.split()), style="italic"), soft_wrap=True)
