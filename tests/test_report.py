"""`--report`: the appointment summary as HTML and Markdown, its safety as a file, and how it prints."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import history, run
from trd_aid.cli import app
from trd_aid.engine import assess_history
from trd_aid.engine.results import Assessment
from trd_aid.knowledge.models import KnowledgeBase
from trd_aid.render.report import markdown_text, render_report

runner = CliRunner()
DAY = dt.date(2026, 11, 27)
GOOD = """\
trials:
  - {drug: Zoloft, dose_mg: 150, weeks: 8, adherence: good, outcome: no_response}
  - {drug: venlafaxine XR, dose: "225 mg", duration: "10 weeks", adherence: good, outcome: partial_response}
"""
HOSTILE_NOTE = '<script>alert("x")</script> | **bold** [link](http://example.org)'


@pytest.fixture(scope="module")
def assessment(kb: KnowledgeBase) -> Assessment:
    return assess_history(
        history(
            {"drug": "Zoloft", "dose_mg": 150, "weeks": 8, "outcome": "no_response", "note": HOSTILE_NOTE},
            {"drug": "venlafaxine", "dose_mg": 225, "weeks": 10, "outcome": "partial_response"},
            {"drug": "escitalopram", "dose_mg": 5, "weeks": 3, "outcome": "side_effects"},
            other_treatments=[{"treatment": "aripiprazole", "outcome": "partial_response"}],
            risk_factors=["st_johns_wort", "thyroid_unchecked"],
        ),
        kb,
    )


class Structure(HTMLParser):
    """Collects what the accessibility and self-containment checks need."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


def parse(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    return parser


def test_html_structure_is_accessible(assessment: Assessment) -> None:
    html = render_report(assessment, "html", DAY)
    page = parse(html)
    assert html.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "en"}) in page.tags
    assert page.count("title") == 1 and page.count("h1") == 1 and page.count("main") == 1
    headings = [re.sub(r"\s+", " ", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]
    assert headings == [
        "Antidepressants tried (judged under MGH-ATRQ)",
        "The result in plain words",
        "Things to check first",
        "Questions to ask my clinician",
        "Page 2: options to ask about, crisis lines and sources",
    ]
    assert {"Cautions for this history", "Already tried", "If you need help now", "Sources"} <= set(
        re.findall(r"<h3[^>]*>(.*?)</h3>", html)
    )
    header_cells = [attrs for tag, attrs in page.tags if tag == "th"]
    assert header_cells and all(attrs.get("scope") == "col" for attrs in header_cells)
    assert page.count("tr") == 1 + 3  # header row and one per trial


def test_html_is_self_contained(assessment: Assessment) -> None:
    html = render_report(assessment, "html", DAY)
    page = parse(html)
    assert not {"script", "link", "img", "iframe", "object"} & {tag for tag, _ in page.tags}
    fetching = [attrs for _, attrs in page.tags if any(k in attrs for k in ("src", "href"))]
    assert fetching == []
    assert "@import" not in html and "url(" not in html
    assert "@media print" in html and "@page" in html


def test_html_says_what_the_issue_asks(assessment: Assessment) -> None:
    text = " ".join(parse(render_report(assessment, "html", DAY)).text)
    for needed in (
        "27 November 2026",
        "Does not count",
        "Counts",
        "not a diagnosis",
        "Already tried",
        "Adding aripiprazole",
        "St John's wort",
        "988",
        "116 123",
        "findahelpline.com",
        "[canmat2023]",
    ):
        assert needed in text, needed
    assert assessment.verdict in text


def test_html_escapes_what_a_person_typed(assessment: Assessment) -> None:
    html = render_report(assessment, "html", DAY)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert 'href="http://example.org"' not in html


def test_markdown_structure(assessment: Assessment) -> None:
    md = render_report(assessment, "md", DAY)
    headings = re.findall(r"^## (.+)$", md, flags=re.MULTILINE)
    assert headings[0] == "Antidepressants tried (judged under MGH-ATRQ)"
    assert headings[-1] == "Page 2: options to ask about, crisis lines and sources"
    assert "### Sources" in md and "### If you need help now" in md
    rows = [line for line in md.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert len(rows) == 3
    assert all(row.count(" | ") == 6 for row in rows if "note:" not in row), "seven cells per trial row"
    assert md.startswith("# My antidepressant history")


def test_markdown_escapes_what_a_person_typed(assessment: Assessment) -> None:
    md = render_report(assessment, "md", DAY)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\*\\*bold\\*\\*" in md and "\\[link\\]" in md
    note_row = next(line for line in md.splitlines() if line.startswith("| 1 |"))
    assert note_row.count(" | ") == 6, "a | in a note cannot split the table row"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a|b", "a\\|b"), ("<b>", "&lt;b&gt;"), ("*x*", "\\*x\\*"), ("plain words", "plain words"), ("[1]", "\\[1\\]")],
)
def test_markdown_text_filter(text: str, expected: str) -> None:
    assert markdown_text(text) == expected


# --- The file: 0600, never overwritten without --force, and the terminal says where -----------------------------


def write(tmp_path: Path, text: str = GOOD) -> str:
    path = tmp_path / "history.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", ["summary.html", "summary.md", "SUMMARY.HTM"])
def test_report_is_written_private_and_announced(tmp_path: Path, name: str) -> None:
    report = tmp_path / name
    result = runner.invoke(app, ["check", write(tmp_path), "--report", str(report)])
    assert result.exit_code == 0, result.stderr
    assert f"Summary written to {report}" in result.stdout
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert "sertraline" in report.read_text(encoding="utf-8")


def test_report_with_json_keeps_stdout_for_json(tmp_path: Path) -> None:
    report = tmp_path / "s.md"
    result = runner.invoke(app, ["check", write(tmp_path), "--json", "--report", str(report)])
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("{")
    assert "Summary written to" in result.stderr and report.exists()


def test_report_never_overwrites_without_force(tmp_path: Path) -> None:
    report = tmp_path / "summary.html"
    report.write_text("keep me", encoding="utf-8")
    os.chmod(report, 0o644)
    refused = runner.invoke(app, ["check", write(tmp_path), "--report", str(report)])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert report.read_text(encoding="utf-8") == "keep me"
    forced = runner.invoke(app, ["check", write(tmp_path), "--report", str(report), "--force"])
    assert forced.exit_code == 0
    assert stat.S_IMODE(report.stat().st_mode) == 0o600 and "<!DOCTYPE html>" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("summary.pdf", "End the name with .html"),
        ("missing/summary.html", "does not exist"),
        ("dir.html", "it is a folder"),
    ],
)
def test_report_path_problems_are_one_line(tmp_path: Path, target: str, message: str) -> None:
    (tmp_path / "dir.html").mkdir()
    path = str(tmp_path / target)
    result = runner.invoke(app, ["check", write(tmp_path), "--report", path])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and message in result.stderr


def test_interview_writes_the_report(tmp_path: Path) -> None:
    report = tmp_path / "summary.md"
    code, out, err = run("interview", "--load", write(tmp_path), "--report", str(report), stdin="\n\n")
    assert (code, err) == (0, "")
    assert f"Summary written to {report}" in out
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert "## Page 2: options to ask about" in report.read_text(encoding="utf-8")


# --- Printing: headless Chromium renders the HTML to PDF on A4 and US Letter; pdftotext reads page 1 ------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
PDFTOTEXT = shutil.which("pdftotext")
EXAMPLE = [
    {"drug": "sertraline", "dose_mg": 150, "weeks": 10, "outcome": "no_response"},
    {"drug": "venlafaxine", "dose_mg": 225, "weeks": 9, "outcome": "no_response", "note": "stopped in May"},
    {"drug": "escitalopram", "dose_mg": 10, "weeks": 3, "outcome": "side_effects"},
    {"drug": "fluoxetine", "dose_mg": 40, "weeks": 12, "outcome": "no_response", "episode": "previous"},
]
SIX_TRIALS = [
    *EXAMPLE,
    {"drug": "citalopram", "dose_mg": 40, "weeks": 8, "outcome": "partial_response", "note": "felt flat"},
    {"drug": "phenelzine", "dose_mg": 60, "weeks": 8, "outcome": "no_response"},
]
BUSY = dict(
    other_treatments=[{"treatment": "aripiprazole"}, {"treatment": "lithium"}],
    risk_factors=["bariatric_surgery", "st_johns_wort", "other_medicines", "alcohol_or_drugs", "thyroid_unchecked"],
    age=70,
    severity="severe",
)


def print_to_pdf(html: str, paper: str, tmp_path: Path) -> Path:
    page = tmp_path / f"report-{paper}.html"
    page.write_text(html.replace("</style>", f"@page {{ size: {paper}; }}</style>"), encoding="utf-8")
    pdf = tmp_path / f"report-{paper}.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf


def pdf_text(pdf: Path, first: int, last: int) -> str:
    done = subprocess.run(
        [str(PDFTOTEXT), "-f", str(first), "-l", str(last), str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", done.stdout))  # PDF text has ligatures: "ﬂ" for "fl"


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None or PDFTOTEXT is None,
    reason="needs Chromium and pdftotext (Debian: apt-get install chromium poppler-utils); .ci/run installs them",
)
@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize(
    ("trials", "extra"),
    [(EXAMPLE, {}), (SIX_TRIALS, BUSY)],
    ids=["example", "six-trials-many-flags"],
)
def test_page_one_holds_what_a_clinician_needs_and_the_rest_is_page_two(
    kb: KnowledgeBase, tmp_path: Path, paper: str, trials: list[dict[str, object]], extra: dict[str, object]
) -> None:
    import pypdf

    result = assess_history(history(*trials, **extra), kb)
    pdf = print_to_pdf(render_report(result, "html", DAY), paper, tmp_path)
    pages = len(pypdf.PdfReader(str(pdf)).pages)
    assert pages == 2 if not extra else 2 <= pages <= 3, "a history that raises many cautions may take a third page"
    page_one, page_two = pdf_text(pdf, 1, 1), pdf_text(pdf, 2, pages)
    for trial in result.trials:
        assert trial.drug is not None and trial.drug in page_one, trial.drug
    for needed in (result.verdict.split(":")[0], "Under the other definitions", "Questions to ask my clinician", "988"):
        assert needed in page_one, needed
    assert page_two.lstrip().startswith("Page 2: options to ask about"), "page 2 is headed as such"
    assert "Sources" in page_two and "…" not in page_two, "citations are never cut"
