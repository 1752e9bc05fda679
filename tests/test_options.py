"""Next-step options: the tailoring rules, each pinned by a table of histories, and the content checks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.helpers import history, reading_grade
from trd_aid.engine import assess_history
from trd_aid.engine.crisis import crisis_lines
from trd_aid.engine.options import HistoryContext, plan_next_steps
from trd_aid.engine.results import NextSteps, OptionResult
from trd_aid.knowledge.models import KnowledgeBase

FAILED = {"dose_mg": 150, "weeks": 8, "outcome": "no_response"}
SERTRALINE = {"drug": "sertraline", **FAILED}
VENLAFAXINE = {"drug": "venlafaxine", "dose_mg": 225, "weeks": 8, "outcome": "no_response"}
MIRTAZAPINE = {"drug": "mirtazapine", "dose_mg": 30, "weeks": 8, "outcome": "no_response"}
BUPROPION = {"drug": "bupropion", "dose_mg": 300, "weeks": 8, "outcome": "no_response"}
DULOXETINE = {"drug": "duloxetine", "dose_mg": 60, "weeks": 8, "outcome": "no_response"}
FLUOXETINE = {"drug": "fluoxetine", "dose_mg": 20, "weeks": 8, "outcome": "no_response"}
NORTRIPTYLINE = {"drug": "nortriptyline", "dose_mg": 100, "weeks": 8, "outcome": "no_response"}
SHORT = {"drug": "escitalopram", "dose_mg": 10, "weeks": 3, "outcome": "no_response"}
TWO_FAILED = (SERTRALINE, VENLAFAXINE)


def steps(kb: KnowledgeBase, *trials: dict[str, Any], **extra: Any) -> NextSteps:
    result = assess_history(history(*trials, **extra), kb).next_steps
    assert result is not None
    return result


def option(result: NextSteps, option_id: str) -> OptionResult:
    return next(o for o in result.options if o.id == option_id)


def caveat_texts(result: NextSteps, option_id: str) -> list[str]:
    return [c.text for c in option(result, option_id).caveats]


def triggered(result: NextSteps, option_id: str) -> list[str]:
    return [c.shown_because or "" for c in option(result, option_id).caveats if c.shown_because]


# --- Already tried: shown as tried, with its outcome, not suggested again as new ---------------------------


@pytest.mark.parametrize(
    ("trials", "others", "option_id", "tried"),
    [
        ((SERTRALINE, NORTRIPTYLINE), [], "switch-tca", True),  # by drug class
        (TWO_FAILED, [], "switch-tca", False),
        (TWO_FAILED, [{"treatment": "aripiprazole", "outcome": "partial_response"}], "augment-aripiprazole", True),
        (TWO_FAILED, [{"treatment": "Abilify"}], "augment-aripiprazole", True),  # brand names resolve
        (TWO_FAILED, [{"treatment": "ECT"}], "ect", True),
        (TWO_FAILED, [{"treatment": "lithium carbonate"}], "augment-lithium", True),
        # Mirtazapine alone is a switch, not the combination: only an add-on counts for "combine".
        ((SERTRALINE, MIRTAZAPINE), [], "combine-mirtazapine", False),
        (TWO_FAILED, [{"treatment": "mirtazapine"}], "combine-mirtazapine", True),
        ((SERTRALINE, MIRTAZAPINE), [], "switch-class", True),
        (TWO_FAILED, [{"treatment": "esketamine"}], "esketamine-nasal-spray", True),
        ((SERTRALINE, {"drug": "Spravato"}), [], "esketamine-nasal-spray", True),
        (TWO_FAILED, [{"treatment": "CBT"}], "talking-therapy", True),
    ],
)
def test_tried_options(
    kb: KnowledgeBase, trials: tuple[dict[str, Any], ...], others: list[dict[str, Any]], option_id: str, tried: bool
) -> None:
    assert option(steps(kb, *trials, other_treatments=others), option_id).tried is tried


def test_tried_option_carries_the_outcome(kb: KnowledgeBase) -> None:
    result = steps(kb, *TWO_FAILED, other_treatments=[{"treatment": "aripiprazole", "outcome": "partial_response"}])
    (entry,) = option(result, "augment-aripiprazole").tried_with
    assert (entry.where, entry.number, entry.name, entry.outcome) == (
        "other_treatment",
        1,
        "aripiprazole",
        "partial_response",
    )


# --- Stage-aware: what guidelines keep for later is labelled so ---------------------------------------------


@pytest.mark.parametrize(
    ("trials", "severity", "option_id", "timing"),
    [
        ((SERTRALINE,), None, "optimise-dose", "now"),
        ((SERTRALINE,), None, "esketamine-nasal-spray", "later"),  # needs two failed adequate trials
        ((SERTRALINE,), None, "switch-maoi", "later"),  # MAOIs: usually after several medicines
        (TWO_FAILED, None, "switch-maoi", "now"),
        (TWO_FAILED, None, "esketamine-nasal-spray", "now"),
        (TWO_FAILED, None, "vns", "later"),  # four or more
        ((SERTRALINE, VENLAFAXINE, MIRTAZAPINE, BUPROPION), None, "vns", "now"),
        ((SERTRALINE,), "moderate", "ect", "later"),
        ((SERTRALINE,), "severe", "ect", "sooner_if_severe"),  # ECT earlier when severe or urgent
        ((SERTRALINE,), "severe_psychotic", "ect", "sooner_if_severe"),
        ((SERTRALINE,), "severe", "vns", "later"),  # no urgent exception for VNS
        ((SHORT,), None, "switch-class", "later"),  # an inadequate trial is not a failure
        ((SERTRALINE, DULOXETINE), None, "switch-tca", "now"),
    ],
)
def test_option_timing(
    kb: KnowledgeBase, trials: tuple[dict[str, Any], ...], severity: str | None, option_id: str, timing: str
) -> None:
    extra = {"severity": severity} if severity else {}
    assert option(steps(kb, *trials, **extra), option_id).timing == timing


def test_later_options_say_why(kb: KnowledgeBase) -> None:
    vns = option(steps(kb, *TWO_FAILED), "vns")
    assert vns.timing_note and "four or more" in vns.timing_note


def test_without_a_history_nothing_is_placed_or_tried(kb: KnowledgeBase) -> None:
    general = plan_next_steps(kb, HistoryContext(), crisis_lines(kb))
    assert {o.timing for o in general.options} == {"general"}
    assert not any(o.tried for o in general.options)
    assert general.questions == []
    assert len(general.checks_first) == len(kb.checks_first)


# --- Caveats triggered by the history ------------------------------------------------------------------------


MAOI_AFTER_FLUOXETINE = "After fluoxetine, guidelines describe a gap of at least 5 weeks"
MAOI_AFTER_SEROTONERGIC = "After other antidepressants that act on serotonin"
MAOI_AFTER_VORTIOXETINE = "After vortioxetine, its US label asks for a gap of at least 21 days"
MAOI_STANDING = "Before an MAOI, a gap is needed after antidepressants that act on serotonin"
VORTIOXETINE = {"drug": "vortioxetine", "dose_mg": 20, "weeks": 8, "outcome": "no_response"}


@pytest.mark.parametrize(
    ("trials", "present", "absent"),
    [
        # The 5-week rule after fluoxetine supersedes the 2-week one; never both, never "then it can start".
        ((FLUOXETINE, SERTRALINE), [MAOI_AFTER_FLUOXETINE], [MAOI_AFTER_SEROTONERGIC, MAOI_STANDING]),
        ((VORTIOXETINE, BUPROPION), [MAOI_AFTER_VORTIOXETINE], [MAOI_AFTER_SEROTONERGIC, MAOI_STANDING]),
        (TWO_FAILED, [MAOI_AFTER_SEROTONERGIC], [MAOI_AFTER_FLUOXETINE, MAOI_STANDING]),
        ((NORTRIPTYLINE, BUPROPION), [MAOI_AFTER_SEROTONERGIC], [MAOI_AFTER_FLUOXETINE]),  # TCAs count
        ((BUPROPION, {**MIRTAZAPINE}), [MAOI_STANDING], [MAOI_AFTER_SEROTONERGIC, MAOI_AFTER_FLUOXETINE]),
    ],
)
def test_maoi_washout_follows_what_was_taken(
    kb: KnowledgeBase, trials: tuple[dict[str, Any], ...], present: list[str], absent: list[str]
) -> None:
    texts = " | ".join(caveat_texts(steps(kb, *trials), "switch-maoi"))
    for fragment in present:
        assert fragment in texts
    for fragment in absent:
        assert fragment not in texts


def test_fluoxetine_inside_a_combination_capsule_counts_for_the_washout(kb: KnowledgeBase) -> None:
    result = steps(kb, *TWO_FAILED, other_treatments=[{"treatment": "Symbyax"}])
    texts = " | ".join(caveat_texts(result, "switch-maoi"))
    assert MAOI_AFTER_FLUOXETINE in texts and MAOI_AFTER_SEROTONERGIC not in texts


def test_washout_names_the_drug_that_triggered_it(kb: KnowledgeBase) -> None:
    assert "fluoxetine tried before" in triggered(steps(kb, FLUOXETINE, SERTRALINE), "switch-maoi")


@pytest.mark.parametrize(
    ("option_id", "fragment"),
    [
        ("combine-mirtazapine", "serotonin syndrome"),
        ("combine-bupropion", "serotonin syndrome"),
        ("switch-maoi", "serotonin syndrome"),
        ("augment-lithium", "blood tests often at first"),
        ("augment-aripiprazole", "Weight, blood sugar and blood fats are checked"),
        ("augment-cariprazine", "Weight, blood sugar and blood fats are checked"),
        ("esketamine-nasal-spray", "at least 2 hours"),
        ("esketamine-nasal-spray", "Blood pressure is checked before and after each dose"),
    ],
)
def test_standing_safety_caveats(kb: KnowledgeBase, option_id: str, fragment: str) -> None:
    assert fragment in " ".join(caveat_texts(steps(kb, *TWO_FAILED), option_id))


@pytest.mark.parametrize(
    ("extra", "option_id", "fragment", "shown"),
    [
        ({"age": 22}, "switch-class", "Under age 25", True),
        ({"age": 25}, "switch-class", "Under age 25", False),
        ({}, "switch-class", "Under age 25", False),  # age not given: not guessed
        ({"age": 65}, "switch-class", "aged 65 and over, SSRIs can raise the risk of falls", True),
        ({"age": 64}, "switch-class", "aged 65 and over, SSRIs can raise the risk of falls", False),
        ({"age": 70}, "augment-lithium", "lower lithium level", True),
        ({"age": 70}, "augment-aripiprazole", "higher death rate in older people with dementia", True),
        ({"age": 70}, "esketamine-nasal-spray", "aged 65 and over", True),
        ({"age": 40}, "augment-lithium", "lower lithium level", False),
        ({"pregnancy_or_breastfeeding": True}, "augment-lithium", "Lithium early in pregnancy", True),
        ({"pregnancy_or_breastfeeding": True}, "esketamine-nasal-spray", "not advised during pregnancy", True),
        ({"pregnancy_or_breastfeeding": True}, "ect", "used in pregnancy", True),
        ({"pregnancy_or_breastfeeding": False}, "augment-lithium", "Lithium early in pregnancy", False),
        ({"risk_factors": ["bariatric_surgery"]}, "switch-class", "After weight-loss surgery", True),
        ({"risk_factors": ["bariatric_surgery"]}, "ect", "After weight-loss surgery", False),
        ({"risk_factors": ["other_medicines"]}, "augment-lithium", "push lithium levels up", True),
        ({"risk_factors": ["other_medicines"]}, "ect", "Benzodiazepines", True),
        ({"risk_factors": ["alcohol_or_drugs"]}, "iv-ketamine", "can be misused", True),
        ({"risk_factors": ["thyroid_unchecked"]}, "augment-t3", "thyroid tests come first", True),
        ({"severity": "severe_psychotic"}, "iv-ketamine", "a trial in depression without psychosis", True),
    ],
)
def test_history_triggered_caveats(
    kb: KnowledgeBase, extra: dict[str, Any], option_id: str, fragment: str, shown: bool
) -> None:
    texts = " ".join(caveat_texts(steps(kb, *TWO_FAILED, **extra), option_id))
    assert (fragment in texts) is shown


def test_lithium_before_ect_when_lithium_was_tried(kb: KnowledgeBase) -> None:
    with_lithium = steps(kb, *TWO_FAILED, other_treatments=[{"treatment": "lithium"}])
    assert any("paused or stopped first" in t for t in caveat_texts(with_lithium, "ect"))
    assert not any("paused or stopped first" in t for t in caveat_texts(steps(kb, *TWO_FAILED), "ect"))


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"risk_factors": ["bipolar_history"]}, "different treatment path"),
        ({"risk_factors": ["st_johns_wort"]}, "St John's wort can make many medicines work less well"),
        ({"risk_factors": ["alcohol_or_drugs"]}, "Alcohol and drug use"),
        ({"pregnancy_or_breastfeeding": True}, "follows separate guidance"),
        ({"severity": "severe_psychotic"}, "calls for a specialist"),
        ({"age": 16}, "written for adults"),
    ],
)
def test_notes_about_the_whole_list(kb: KnowledgeBase, extra: dict[str, Any], fragment: str) -> None:
    result = steps(kb, *TWO_FAILED, **extra)
    assert any(fragment in n.text for n in result.notes)
    assert all(n.shown_because for n in result.notes)


@pytest.mark.parametrize("extra", [{}, {"age": 18}, {"age": 40}])
def test_no_notes_for_a_plain_history(kb: KnowledgeBase, extra: dict[str, Any]) -> None:
    assert steps(kb, *TWO_FAILED, **extra).notes == []


def test_triggered_caveats_come_first_and_say_why(kb: KnowledgeBase) -> None:
    caveats = option(steps(kb, *TWO_FAILED, age=70), "augment-lithium").caveats
    assert caveats[0].shown_because == "age 65 or over"
    assert all(c.shown_because is None for c in caveats[1:])


# --- Things to check first (pseudo-resistance) ----------------------------------------------------------------


def test_no_checks_first_when_every_trial_was_adequate_and_nothing_was_reported(kb: KnowledgeBase) -> None:
    assert steps(kb, *TWO_FAILED).checks_first == []


@pytest.mark.parametrize(
    ("trials", "extra", "first_id"),
    [
        ((SERTRALINE, SHORT), {}, "dose-high-enough"),  # an inadequate trial
        (TWO_FAILED, {"risk_factors": ["thyroid_unchecked"]}, "thyroid-and-blood"),
        (TWO_FAILED, {"risk_factors": ["bipolar_history"]}, "bipolar"),
        (TWO_FAILED, {"risk_factors": ["bariatric_surgery"]}, "weight-loss-surgery"),
        ((SERTRALINE, {**VENLAFAXINE, "adherence": "poor"}), {}, "taken-as-prescribed"),
    ],
)
def test_checks_first_show_what_the_history_triggered_first(
    kb: KnowledgeBase, trials: tuple[dict[str, Any], ...], extra: dict[str, Any], first_id: str
) -> None:
    checks = steps(kb, *trials, **extra).checks_first
    because = [c.shown_because is not None for c in checks]
    assert first_id in [c.id for c in checks if c.shown_because]
    assert because == sorted(because, reverse=True), "triggered checks come before the general ones"
    assert not all(because), "general checks follow the triggered ones"


# --- Crisis lines and --country -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "first"),
    [(None, "US"), ("US", "US"), ("uk", "UK"), ("GB", "UK"), ("IE", "IE"), ("CA", "CA"), ("INTL", "INTL")],
)
def test_country_puts_its_lines_first(kb: KnowledgeBase, country: str | None, first: str) -> None:
    lines = crisis_lines(kb, country)
    assert lines[0].country == first
    assert {line.country for line in lines} >= {"US", "UK", "IE", "INTL"}, "every line is still shown"


def test_required_crisis_contacts_are_present(kb: KnowledgeBase) -> None:
    contacts = " ".join(f"{c.country} {c.contact}" for c in crisis_lines(kb))
    assert "988" in contacts and "116 123" in contacts and "findahelpline.com" in contacts


# --- The content itself ---------------------------------------------------------------------------------------


def test_every_option_has_caveats_sources_and_a_review_date(kb: KnowledgeBase) -> None:
    for o in kb.options:
        assert o.caveats and all(c.sources for c in o.caveats), o.id
        assert o.sources and set(o.sources) <= kb.sources.keys(), o.id
        assert o.last_reviewed <= kb.last_reviewed, o.id


def test_the_options_the_issue_asks_for_are_all_there(kb: KnowledgeBase) -> None:
    ids = {o.id for o in kb.options}
    assert ids >= {
        "optimise-dose",
        "switch-within-class",
        "switch-class",
        "switch-tca",
        "switch-maoi",
        "combine-mirtazapine",
        "augment-aripiprazole",
        "augment-brexpiprazole",
        "augment-quetiapine-xr",
        "augment-cariprazine",
        "augment-lithium",
        "augment-t3",
        "esketamine-nasal-spray",
        "iv-ketamine",
        "ect",
        "rtms-itbs",
        "accelerated-tms",
        "vns",
        "talking-therapy",
        "exercise",
        "sleep-care",
        "psilocybin-therapy",
    }
    assert next(o for o in kb.options if o.id == "psilocybin-therapy").category == "investigational"


def test_options_follow_the_guideline_order_of_categories(kb: KnowledgeBase) -> None:
    result = plan_next_steps(kb, HistoryContext(), crisis_lines(kb))
    order: list[str] = [c.id for c in kb.option_categories]
    seen = [order.index(o.category) for o in result.options]
    assert seen == sorted(seen)


DIRECTIVE = re.compile(r"\byou (should|must|need to|have to)\b|\byou have (trd|treatment-resistant)", re.IGNORECASE)


def _patient_texts(kb: KnowledgeBase) -> list[str]:
    texts = [kb.disclaimer, *kb.flag_labels.values(), *(q.text for q in kb.appointment_questions)]
    for o in kb.options:
        texts += [o.name, o.summary, o.status, o.when_considered, *(c.text for c in o.caveats)]
        texts += [t for t in (o.stage.note, o.stage.urgent_exception) if t]
    texts += [c.text for c in kb.checks_first] + [r.text for r in kb.caveat_rules]
    texts += [c.intro for c in kb.option_categories]
    return texts


def test_language_is_never_directive(kb: KnowledgeBase) -> None:
    offenders = [t for t in _patient_texts(kb) if DIRECTIVE.search(t)]
    assert offenders == []


def test_patient_summaries_read_at_grade_8_or_below(kb: KnowledgeBase) -> None:
    too_hard = {o.id: round(reading_grade(o.summary), 1) for o in kb.options}
    assert {k: v for k, v in too_hard.items() if v > 8.0} == {}


def test_caveats_and_checks_read_at_grade_8_or_below_taken_together(kb: KnowledgeBase) -> None:
    body = " ".join(_patient_texts(kb))
    assert reading_grade(body) <= 8.0
