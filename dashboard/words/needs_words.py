"""Words for the local indicators (CONTRACT §4c, §4d): the needs and outcomes page, its slide,
its section of the board pack and its line in the overview. Pure functions.

Every KPI is said as its count of its base ("41 of 52 children ended their order in
suitable accommodation — 78.8%"), with its 95% interval. A change on a year before is
called a rise or a fall, and better or worse, only when the year before's figure lies
outside this year's interval (dashboard/analysis/kpi_summary.py); otherwise the words say
the difference could be chance.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from dashboard.analysis.kpi_summary import TOPICS, KpiSummary, most_notable
from dashboard.contract.local_schema import ETE_STATUSES, INTERVENTION_KINDS
from dashboard.contract.periods import period_words, quarter_start
from dashboard.words.text import SMALL_NUMBER, count, pct

KIND_LABELS = {"prevention": "Prevention", "diversion": "Diversion",
               "out_of_court": "Out of court", "court_community": "Court (community)",
               "custody": "Custody"}
assert set(KIND_LABELS) == set(INTERVENTION_KINDS)
ETE_STATUS_LABELS = {"school": "School", "alternative_provision": "Alternative provision",
                     "further_education": "Further education", "training": "Training",
                     "employment": "Employment", "re_engagement": "Re-engagement",
                     "custody": "In custody", "neet": "NEET"}
assert set(ETE_STATUS_LABELS) == set(ETE_STATUSES)
NOT_RECORDED = "Not recorded"
PARTNER_LABELS = {"police": "Police", "probation": "Probation", "health": "Health",
                  "education": "Education", "childrens_social_care": "Children's social care",
                  "other": "Other partners"}

FILE_MESSAGES = {
    "interventions.csv": "Load interventions.csv to see education, accommodation and needs.",
    "victims.csv": "Load victims.csv to see victims taking part in restorative justice.",
    "board_attendance.csv": "Load board_attendance.csv to see who attends the partnership "
                            "board.",
    "remands.csv": "Load remands.csv to see remands into youth detention accommodation.",
}


@dataclass(frozen=True)
class KpiText:
    """How one KPI is said.

    label     short name, for chart axes and table rows
    counted   "{x} of {n} {noun} ..." (the count of its base), without the value
    title     the card's active title when nothing changed beyond chance ({v}: the value)
    nouns     the base's noun, one and many
    numerator, denominator   the table's column headers
    definition               what is counted, for the card's note
    file      the import file it needs (None: outcomes only)
    """
    label: str
    counted: str
    title: str
    nouns: tuple[str, str]
    numerator: str
    denominator: str
    definition: str
    file: str | None = "interventions.csv"


ORDERS = ("Orders and programmes count once each: a child with two that ended in the period "
          "counts twice.")
WIDER = "A link to wider services, not a target: neither higher nor lower is better."
CHILD = ("child", "children")
KPIS: dict[str, KpiText] = {
    "accommodation_suitable": KpiText(
        "Suitable accommodation",
        "{x} of {n} {noun} ended their order in suitable accommodation",
        "{v} ended their order in suitable accommodation", CHILD,
        "Ended in suitable accommodation", "Ended with accommodation recorded",
        "Of orders and programmes ending with the child's accommodation recorded, the share "
        "ending in suitable accommodation."),
    "ete_suitable": KpiText(
        "Education, training or employment",
        "{x} of {n} {noun} were in suitable education, training or employment at the end of "
        "their order",
        "{v} were in suitable education, training or employment", CHILD,
        "In suitable education, training or employment", "Ended with ETE recorded",
        "Of orders and programmes ending with education, training or employment (ETE) "
        "recorded, the share in suitable ETE at the end."),
    "send_plan": KpiText(
        "SEND plans",
        "{x} of {n} {noun} with special educational needs or a disability had a plan (EHCP "
        "or IDP) at the end of their order",
        "{v} of children with SEND had a plan", CHILD,
        "With a plan (EHCP or IDP)", "Special educational needs identified",
        "Of children whose special educational needs or disability (in Wales, additional "
        "learning needs) were identified, the share with a formal plan (EHCP or IDP) at the "
        "end."),
    "mental_health_intervention": KpiText(
        "Mental health support",
        "{x} of {n} {noun} with a mental health need were receiving an intervention for it "
        "at the end of their order",
        "{v} with a mental health need were getting help", CHILD,
        "Receiving an intervention", "Mental health need identified",
        "Of children with a screened or identified mental health need, the share receiving "
        "an intervention for it at the end."),
    "substance_intervention": KpiText(
        "Substance misuse support",
        "{x} of {n} {noun} with a substance misuse need were receiving an intervention for "
        "it at the end of their order",
        "{v} with a substance misuse need were getting help", CHILD,
        "Receiving an intervention", "Substance misuse need identified",
        "Of children with a substance misuse need, the share receiving an intervention for "
        "it at the end."),
    "out_of_court_completed": KpiText(
        "Out-of-court completion",
        "{x} of {n} {noun} completed their out-of-court or diversion programme",
        "{v} completed their out-of-court or diversion programme", CHILD,
        "Completed", "Out-of-court and diversion programmes ended",
        "Of out-of-court and diversion programmes that ended, the share completed (not "
        "breached, revoked, transferred or ended otherwise)."),
    "wider_looked_after": KpiText(
        "Looked after",
        "{x} of {n} {noun} were looked after at the end of their order",
        "{v} were looked after when their order ended", CHILD,
        "Looked after", "Ended with looked-after status recorded",
        f"Of orders and programmes ending with looked-after status recorded, the share where "
        f"the child was looked after. {WIDER}"),
    "wider_child_in_need": KpiText(
        "Child in need",
        "{x} of {n} {noun} were recorded as a child in need at the end of their order",
        "{v} were children in need when their order ended", CHILD,
        "A child in need", "Ended with child-in-need status recorded",
        f"Of orders and programmes ending with child-in-need status recorded, the share "
        f"where the child was a child in need. {WIDER}"),
    "wider_child_protection": KpiText(
        "Child protection",
        "{x} of {n} {noun} were subject to child protection at the end of their order",
        "{v} were subject to child protection when orders ended", CHILD,
        "Subject to child protection", "Ended with child protection status recorded",
        f"Of orders and programmes ending with child protection status recorded, the share "
        f"where the child was subject to child protection. {WIDER}"),
    "board_attendance": KpiText(
        "Board attendance",
        "Statutory partners attended {x} of {n} board {noun}",
        "Statutory partners attended {v} of board places", ("place", "places"),
        "Places attended", "Places (partner × meeting)",
        "Each meeting has a place for each statutory partner (police, probation, health, "
        "education, children's social care); the share where a senior representative "
        "attended. Other partners are not counted.",
        "board_attendance.csv"),
    "victims_engaged": KpiText(
        "Victims taking part",
        "{x} of {n} {noun} who agreed to be contacted took part in restorative justice",
        "{v} of consenting victims took part in restorative justice", ("victim", "victims"),
        "Took part", "Agreed to be contacted",
        "Of victims contacted who agreed to hear about restorative justice, the share who "
        "took part.",
        "victims.csv"),
    "serious_violence": KpiText(
        "Serious violence",
        "Children received {x} {noun} for serious violence offences",
        "{x} serious violence outcomes: {v} per 10,000 children", ("outcome", "outcomes"),
        "Serious violence outcomes", "Children aged 10–17",
        "Cautions and sentences of children aged 10–17 for violence against the person, "
        "robbery, drug offences or possession of weapons with a gravity score of 5 or more, "
        "per 10,000 children aged 10–17. The chart shows each quarter; the year adds them "
        "up.", None),
}
HIGHER_KPIS = ("accommodation_suitable", "ete_suitable", "send_plan",
               "mental_health_intervention", "substance_intervention",
               "out_of_court_completed", "board_attendance", "victims_engaged")


def noun(kpi: str, n) -> str:
    one, many = KPIS[kpi].nouns
    return one if n == 1 else many


def counts_text(kpi: str, figure: dict) -> str:
    """What a figure counts, with its noun: '41 of 52 children', '29 outcomes' (serious
    violence: its base is the population). The noun lets a board member's small numbers be
    found and withheld (dashboard/web/disclosure.py)."""
    x, n = figure["numerator"], figure["denominator"]
    if KPIS[kpi].file is None:
        return f"{count(x)} {noun(kpi, x)}"
    return f"{count(x)} of {count(n)} {noun(kpi, n)}"


def value_text(kpi: str, value) -> str:
    """'78.8%' for the percentages, '6.9' (per 10,000) for serious violence."""
    if KPIS[kpi].file is None:
        return "–" if value is None else f"{value:,.1f}"
    return pct(value)


def value_with_unit(kpi: str, value) -> str:
    """'78.8%', or '6.9 per 10,000 children aged 10–17'."""
    if KPIS[kpi].file is None:
        return f"{value_text(kpi, value)} per 10,000 children aged 10–17"
    return value_text(kpi, value)


def quarter_words(quarter_end: date) -> str:
    """'July to September 2024'."""
    first = calendar.month_name[quarter_start(quarter_end).month]
    return f"{first} to {calendar.month_name[quarter_end.month]} {quarter_end.year}"


def quarter_short(quarter_end: date) -> str:
    """'Jul–Sep 2024', for tables and axes."""
    first = calendar.month_abbr[quarter_start(quarter_end).month]
    return f"{first}–{calendar.month_abbr[quarter_end.month]} {quarter_end.year}"


def counted_sentence(kpi: str, figure: dict) -> str:
    """'41 of 52 children ended their order in suitable accommodation — 78.8%'."""
    x, n = figure["numerator"], figure["denominator"]
    words = KPIS[kpi].counted.format(x=count(x), n=count(n),
                                     noun=noun(kpi, x if KPIS[kpi].file is None else n))
    return f"{words} — {value_with_unit(kpi, figure['value'])}"


def interval_words(kpi: str, figure: dict) -> str:
    """'95% interval 74.1% to 89.0%'."""
    low, high = figure["value_lower_95"], figure["value_upper_95"]
    return f"95% interval {value_text(kpi, low)} to {value_text(kpi, high)}"


def year_sentence(kpi: str, figure: dict | None, year_end: date) -> str:
    """The year's figure with its interval, and a caution for small or part years."""
    if not figure:
        return f"No figure for the {period_words(year_end)}."
    counted = counted_sentence(kpi, figure)
    if counted[0].isalpha():
        counted = counted[0].lower() + counted[1:]
    text = f"In the {period_words(year_end)}, {counted} ({interval_words(kpi, figure)})."
    return " ".join(filter(None, [text, caution(kpi, figure)]))


def caution(kpi: str, figure: dict) -> str | None:
    """'Only 2 of the year's 4 quarters had any to count.', 'Based on 12 children — treat
    with caution.'"""
    parts = []
    if figure.get("quarters", 4) < 4:
        parts.append(f"Only {figure['quarters']} of the year's 4 quarters had any to count.")
    n = figure["denominator"]
    if KPIS[kpi].file is not None and n < SMALL_NUMBER:
        parts.append(f"Based on {count(n)} {noun(kpi, n)} — treat with caution.")
    return " ".join(parts) or None


def quarter_sentence(kpi: str, figure: dict | None, quarter_end: date) -> str:
    """'Latest quarter, July to September 2024: 146 of 161 children — 90.7%.' (the noun
    names what is counted, so a board member's small numbers are found and withheld)."""
    when = quarter_words(quarter_end)
    if not figure:
        return f"No figure for the latest quarter, {when}."
    if KPIS[kpi].file is None:
        return (f"Latest quarter, {when}: {count(figure['numerator'])} "
                f"{noun(kpi, figure['numerator'])} — {value_text(kpi, figure['value'])} per "
                f"10,000.")
    return (f"Latest quarter, {when}: {count(figure['numerator'])} of "
            f"{count(figure['denominator'])} {noun(kpi, figure['denominator'])} — "
            f"{value_text(kpi, figure['value'])}.")


def change_sentence(summary: KpiSummary) -> str:
    """The change on a year before in words; 'better'/'worse' only beyond chance."""
    kpi, year, before = summary.kpi, summary.year, summary.year_before
    if not before:
        return "No figure for the year before to compare with."
    was = value_text(kpi, before["value"])
    if not year:
        return f"No figure for this year; {was} the year before."
    difference = round(year["value"], 1) - round(before["value"], 1)
    if summary.change not in ("higher", "lower"):
        if difference == 0:
            return f"The same as a year before ({was})."
        return (f"{'Up' if difference > 0 else 'Down'} from {was} a year before, a difference "
                f"that could be chance.")
    tail = f" ({summary.judgement})" if summary.judgement else ""
    return (f"{'Up' if summary.change == 'higher' else 'Down'} from {was} a year before — "
            f"more than chance would explain{tail}.")


def card_title(summary: KpiSummary) -> str:
    """The active title: the value, or the change when it is beyond chance."""
    kpi, spec = summary.kpi, KPIS[summary.kpi]
    year = summary.year
    if not year:
        return f"{spec.label}: no figure for this year"
    value = value_text(kpi, year["value"])
    if summary.change in ("higher", "lower") and summary.year_before:
        verb = "rose" if summary.change == "higher" else "fell"
        was = value_text(kpi, summary.year_before["value"])
        return f"{spec.label} {verb} to {value} from {was}"
    return spec.title.format(v=value, x=count(year["numerator"]))


def card_note(summary: KpiSummary, year_end: date) -> str:
    """The card's words: the year, the latest quarter, the change, then what is counted."""
    kpi = summary.kpi
    return " ".join([year_sentence(kpi, summary.year, year_end),
                     quarter_sentence(kpi, summary.quarter, year_end),
                     change_sentence(summary), KPIS[kpi].definition])


BY_KIND = tuple(KPIS)[:9]  # the intervention KPIs split by kind (CONTRACT §4c)


def missing_message(kpi: str, loaded: frozenset[str]) -> str | None:
    """'Load interventions.csv to see education, accommodation and needs.' when the file a
    KPI needs was not loaded."""
    file = KPIS[kpi].file
    return FILE_MESSAGES[file] if file and file not in loaded else None


def no_figure_message(kpi: str, area: str, year_end: date) -> str:
    """When the file is loaded but nothing counts for this area and year."""
    if kpi == "board_attendance":
        return (f"No board meeting of {area} is recorded in the {period_words(year_end)}.")
    if kpi == "victims_engaged":
        return (f"No victim contacted in the {period_words(year_end)} in {area} agreed to be "
                f"contacted about restorative justice.")
    if KPIS[kpi].file is None:
        return f"No serious violence figure for {area} in the {period_words(year_end)}."
    return (f"No order or programme ending in {area} in the {period_words(year_end)} has "
            f"this recorded.")


def _share(kpi: str, figure: dict) -> str:
    return (f"{value_text(kpi, figure['value'])} ({count(figure['numerator'])} of "
            f"{count(figure['denominator'])})")


def headline_sentences(summaries: dict[str, KpiSummary], year_end: date,
                       loaded: frozenset[str], remand_sentence: str | None = None,
                       thresholds: dict | None = None) -> list[str]:
    """2–5 plain sentences for the top of the page: accommodation and education, needs
    met, the most notable change, serious violence, remands; then what is not loaded."""
    when = period_words(year_end)
    year = {k: s.year for k, s in summaries.items() if s.year}
    sentences = []
    if "accommodation_suitable" in year or "ete_suitable" in year:
        parts = []
        if "accommodation_suitable" in year:
            parts.append(f"{_share('accommodation_suitable', year['accommodation_suitable'])}"
                         f" of children ended their order in suitable accommodation")
        if "ete_suitable" in year:
            parts.append(f"{_share('ete_suitable', year['ete_suitable'])} "
                         f"{'in' if parts else 'of children ended their order in'} suitable "
                         f"education, training or employment")
        sentences.append(f"In the {when}, " + " and ".join(parts) + ".")
    needs = [f"{_share(k, year[k])} {phrase}" for k, phrase in (
        ("send_plan", "had a plan for their special educational needs"),
        ("mental_health_intervention", "were getting help with their mental health"),
        ("substance_intervention", "were getting help with substance misuse")) if k in year]
    if needs:
        sentences.append("Of children with an identified need, " + _listed(needs) + ".")
    notable = most_notable(summaries, thresholds or {})
    changed = [s for s in summaries.values() if s.judgement]
    if changed and notable is not None:
        sentences.append(notable_sentence(notable))
    elif summaries:
        sentences.append("No local indicator changed by more than chance would explain on "
                         "a year before.")
    violence = summaries.get("serious_violence")
    if violence and violence.year:
        change = change_sentence(violence)
        sentences.append(f"{counted_sentence('serious_violence', violence.year)} in the "
                         f"{when}. {change}")
    if remand_sentence:
        sentences.append(remand_sentence)
    sentences += [FILE_MESSAGES[f] for f in FILE_MESSAGES if f not in loaded]
    return sentences


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def notable_sentence(summary: KpiSummary, lead: str = "", year_end: date | None = None) -> str:
    """The most notable local indicator in one sentence: its change beyond chance, or where it
    stands against its threshold (in the year to `year_end`, when given)."""
    kpi, year, before = summary.kpi, summary.year, summary.year_before
    topic = f"{lead}{TOPICS[kpi][0].lower()}{TOPICS[kpi][1:]}" if lead else TOPICS[kpi]
    if summary.judgement and before:
        verb = "rose" if summary.change == "higher" else "fell"
        return (f"{topic} {verb} from {value_text(kpi, before['value'])} to "
                f"{value_text(kpi, year['value'])} ({counts_text(kpi, year)}) on a year "
                f"before, more than chance would explain ({summary.judgement}).")
    rag = summary.rag or {}
    when = period_words(year_end) if year_end else "year"
    return (f"{topic} stood at {value_with_unit(kpi, year['value'])} "
            f"({counts_text(kpi, year)}) in the {when}, "
            f"{rag.get('word', 'not rated').lower()} against the local threshold "
            f"({rag.get('rule', '').lower() or 'none set'}).")


def overview_sentences(rows: list[dict], thresholds: dict) -> list[str]:
    """The overview's sentence on the most notable local indicator (none when nothing stands
    out), from its summary-table rows (dashboard/analysis/kpi_summary.py
    `local_kpi_figures`, with their RAG attached)."""
    summaries, year_end = {}, None
    for row in rows:
        if row.get("local") is not None:
            row["local"].rag = row.get("rag")
            summaries[row["indicator"]] = row["local"]
            year_end = row["period_end"]
    found = most_notable(summaries, thresholds)
    if found is None:
        return []
    return [notable_sentence(found, lead="Among the local indicators, ", year_end=year_end)]


def remands_sentence(row: dict | None, year_end: date) -> str | None:
    """'4 children were remanded in the year to September 2024 (4 remands; 364 nights on
    remand in the year); of the 4 remands to youth detention accommodation that ended, 3
    remands did not lead to a custodial sentence (75.0%).' Every count is followed by its
    noun, so a board member's small numbers are found and withheld."""
    if not row:
        return None
    children, episodes, nights = row["children"], row["episodes"], row["nights"]
    if not episodes and not nights:
        return f"No child was remanded in the {period_words(year_end)}."
    who = f"{count(children)} {'child was' if children == 1 else 'children were'}"
    text = (f"{who} remanded in the {period_words(year_end)} ({count(episodes)} "
            f"{'remand' if episodes == 1 else 'remands'}; {count(nights)} "
            f"{'night' if nights == 1 else 'nights'} on remand in the year)")
    return text + (f"; {not_custodial_words(row)}" if row["yda_ended"] else "") + "."


def not_custodial_words(row: dict) -> str:
    """'of the 4 remands to youth detention accommodation that ended, 3 remands did not lead
    to a custodial sentence (75.0%)' (CONTRACT §4d counts remand episodes)."""
    ended, not_custodial = int(row["yda_ended"]), int(row["yda_not_custodial"])
    if ended == 1:
        led = "did not lead" if not_custodial else "led"
        return f"1 remand to youth detention accommodation ended and {led} to a custodial " \
               f"sentence"
    remands = "remand" if not_custodial == 1 else "remands"
    return (f"of the {count(ended)} remands to youth detention accommodation that ended, "
            f"{count(not_custodial)} {remands} did not lead to a custodial sentence "
            f"({pct(row['yda_not_custodial_pct'])})")


# --- the table cards' titles and notes ------------------------------------------------------

SOURCE = "Source: the service's own records."
SUMMARY_NOTE = ("Each dot is the year's figure, the whiskers its 95% interval; colour, shape "
                "and the word beside it give the RAG rating, set in dashboard/thresholds.toml. "
                "Higher is better for each; serious violence, where lower is better, is "
                f"rated in its own chart. {SOURCE}")
KIND_AFTER = {"prevention": "prevention", "diversion": "diversion",
              "out_of_court": "out-of-court programmes", "court_community": "community orders",
              "custody": "custody"}


def summary_title(statuses: list[str], year_end: date) -> str:
    """'3 of the 8 local indicators charted were green in the year' (the RAG statuses rated).
    It says 'charted': the overview rates serious violence too (lower is better, its own
    chart), so a bare '3 of 8 local indicators' would disagree with the overview's nine."""
    if not statuses:
        return f"The local indicators in the {period_words(year_end)}"
    green = statuses.count("green")
    if len(statuses) == 1:
        return f"The one indicator charted was {'' if green else 'not '}green in the year"
    if not green:
        return f"None of the {len(statuses)} local indicators charted was green in the year"
    return f"{green} of the {len(statuses)} local indicators charted were green in the year"


def nothing_ended(area: str, year_end: date) -> str:
    return f"No order or programme ended in {area} in the {period_words(year_end)}."


def accommodation_title(kinds: list[dict]) -> str:
    """The kind with the lowest share ending in suitable accommodation, among kinds with at
    least 5 recorded (rows: kind, suitable, unsuitable, share)."""
    enough = [k for k in kinds if k["suitable"] + k["unsuitable"] >= 5]
    if len(enough) < 2:
        return "Accommodation at the end of orders and programmes"
    low = min(enough, key=lambda k: k["share"])
    kind = KIND_AFTER[low["kind"]]
    return f"{kind[0].upper()}{kind[1:]} ended least often in suitable accommodation " \
           f"({pct(low['share'])})"


def accommodation_note(total: dict, year_end: date) -> str:
    missing = (f" {count(total['not_recorded'])} of {count(total['ended'])} had no "
               f"accommodation recorded: they are left out of the percentages."
               if total["not_recorded"] else "")
    return (f"Orders and programmes ending in the {period_words(year_end)}, by kind, and their "
            f"accommodation at the end.{missing} {SOURCE}")


def ete_title(neet: int, recorded: int, share) -> str:
    if not recorded:
        return "No education, training or employment status was recorded"
    if not neet:
        return "No child was NEET when their order ended"
    return f"{pct(share)} were not in education, training or employment"


def ete_note(year_end: date) -> str:
    return (f"Each order or programme ending in the {period_words(year_end)}, by the child's "
            f"education, training or employment status at its end and the kind of "
            f"intervention. NEET: not in education, training or employment. Percentages are "
            f"of those with a status recorded. {SOURCE}")


def no_victims(area: str, year_end: date) -> str:
    return f"No victim was contacted in {area} in the {period_words(year_end)}."


def victims_title(contacted: int, consented: int) -> str:
    return (f"{pct(consented / contacted * 100)} of victims contacted agreed to hear about "
            f"restorative justice")


VICTIMS_NOTE = ("Victims of children's offences whom the service contacted in each quarter; "
                "those who agreed to be contacted about restorative justice, and those who then "
                f"took part in a restorative justice opportunity. {SOURCE}")


def board_for_service(service: str) -> str:
    return (f"A partnership board belongs to a service: choose {service} to see who attended "
            f"its meetings.")


def board_title(statutory: list[dict]) -> str:
    """The statutory partner who missed most meetings (rows: label, meetings, attended)."""
    missed = [(p["meetings"] - p["attended"], p) for p in statutory]
    if not missed or not max(m for m, _ in missed):
        return "Every statutory partner attended every board meeting"
    most, partner = max(missed, key=lambda m: m[0])
    return f"{partner['label']} missed {count(most)} of {count(partner['meetings'])} board " \
           f"meetings in the year"


BOARD_NOTE = ("A senior representative of each partner at each board meeting in the year; the "
              "chart gives each partner's share of the meetings it was recorded for. The board "
              "attendance KPI counts the statutory partners only, not other partners. " + SOURCE)


def no_remands(area: str, year_end: date) -> str:
    return f"No remand figures for {area} in the {period_words(year_end)}."


def remands_title(row: dict) -> str:
    ended, not_custodial = int(row["yda_ended"]), int(row["yda_not_custodial"])
    if ended == 1:
        return ("The one youth detention remand that ended "
                + ("did not lead to custody" if not_custodial else "led to custody"))
    if ended:
        return f"{count(not_custodial)} of {count(ended)} youth detention remands did not end " \
               f"in custody"
    children = int(row["children"])
    return f"{count(children)} {'child was' if children == 1 else 'children were'} remanded " \
           f"in the year"


REMANDS_NOTE = ("Remand episodes starting in each year and the children among them; nights on "
                "remand inside the year (an open episode to the data's as-of date); the cost of "
                "the nights that have a cost per night; and, of the remands to youth detention "
                "accommodation that ended in the year with a result, those not followed by a "
                "custodial sentence (counted by remand episode, as in the data contract). "
                + SOURCE)
