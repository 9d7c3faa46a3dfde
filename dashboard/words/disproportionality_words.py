"""Words for the disproportionality page: verdicts beside the dots, titles and sentences.

Frames are rows of `queries.disproportionality.disproportionality` (one area and period,
one or all stages): ethnicity, count, relative_rate_index, rri_lower_95, rri_upper_95,
share_of_stage_pct, share_of_population_pct, significance (+ stage, area_name). The
`Minority ethnic` total (Mixed, Asian, Black and Other together, docs/CONTRACT.md §4 v2)
comes first, then the five groups.

Small numbers: a group with fewer than 5 children at a stage never reads as significantly
over- or under-represented without "based on only N children" beside it, however narrow its
interval (one child can make a relative rate of 9.7); under 30 children keeps the usual
caution.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.contract.periods import period_words
from dashboard.contract.schema import ETHNIC_GROUPS, MINORITY_ETHNIC, WHITE
from dashboard.words import text

FEW_CHILDREN = 5  # below this a significant difference always carries its count
GROUP_ORDER = (MINORITY_ETHNIC,) + tuple(ETHNIC_GROUPS)  # the minority total first
STAGE_TO = {  # "… times as likely as White children <to …>"
    "fte": "to enter the justice system",
    "cautioned_or_sentenced": "to be cautioned or sentenced",
    "out_of_court": "to be given a youth caution",
    "court": "to be sentenced at court",
    "custody": "to be sentenced to custody",
}
STAGE_SHORT = {  # for titles
    "fte": "entering the system",
    "cautioned_or_sentenced": "cautioned or sentenced",
    "out_of_court": "cautioned out of court",
    "court": "at court",
    "custody": "in custody",
}
STAGE_CHILDREN = {  # "children <…>"
    "fte": "entering the justice system",
    "cautioned_or_sentenced": "cautioned or sentenced",
    "out_of_court": "given a youth caution",
    "court": "sentenced at court",
    "custody": "sentenced to custody",
}
MINORITY_NOTE = "Minority ethnic: Mixed, Asian, Black and Other together, each child once."
SIGNIFICANCE = {"over": "significantly over-represented",
                "under": "significantly under-represented"}
AREA_SIGNIFICANCE = {"over": "significantly higher", "under": "significantly lower"}


def group_noun(group: str, capital: bool = True) -> str:
    """'Black children', 'Children of other ethnicities' for Other."""
    noun = {"Mixed": "Mixed ethnicity children",
            "Other": "children of other ethnicities",
            MINORITY_ETHNIC: "minority ethnic children"}.get(group, f"{group} children")
    return noun[:1].upper() + noun[1:] if capital else noun


def times(rri: float) -> str:
    """'2.9 times'; two decimals under 1 so small values don't read as 0.0."""
    return f"{number(rri)} times"


def number(value: float) -> str:
    """A relative rate or a limit: one decimal, two under 1."""
    return f"{value:.1f}" if value >= 0.995 else f"{value:.2f}"


def children(count: int) -> str:
    return f"{text.count(count)} {'child' if count == 1 else 'children'}"


def few(count) -> bool:
    """Fewer than 5 children: every verdict says how many."""
    return not pd.isna(count) and int(count) < FEW_CHILDREN


def children_words(count: int) -> str:
    """'1,234 children'; under 30 'based on 12 children — treat with caution'; under 5
    'based on only 4 children — treat with caution'."""
    if few(count):
        return f"based on only {children(count)} — treat with caution"
    noun = "child" if count == 1 else "children"
    return text.small_number_note(count, noun) or children(count)


def core_verdict(row) -> str:
    """The significance of one group's relative rate, without the children it rests on."""
    if row["ethnicity"] == WHITE:
        return "reference group"
    if row["count"] == 0:
        return "no children at this stage"
    rri = row["relative_rate_index"]
    if pd.isna(rri):
        return "no comparison possible"
    words = SIGNIFICANCE.get(row["significance"], "not significantly different")
    return f"{times(rri)} as likely — {words}"


def verdict(row) -> str:
    """The verdict in full (tables, hover): under 5 children it says how many."""
    core = core_verdict(row)
    if row["ethnicity"] != WHITE and row["count"] and few(row["count"]) \
            and not pd.isna(row["relative_rate_index"]):
        return f"{core}, {children_words(int(row['count']))}"
    return core


def label_children(count: int) -> str:
    """The children a label rests on, short enough for a chart on a tablet:
    'based on only 1 child — caution', 'based on 12 children — caution', '52 children'."""
    if few(count):
        return f"based on only {children(count)} — caution"
    if text.small_number_note(count):
        return f"based on {children(count)} — caution"
    return children(count)


def dot_words(row, wide: bool = False) -> str:
    """Short lines beside a dot: how many times as likely, the significance and the
    children it rests on — three lines that fit a tablet's chart, or two on a wide slide."""
    if row["ethnicity"] == WHITE:
        return f"reference group<br>{label_children(int(row['count']))}"
    if row["count"] == 0 or pd.isna(row["relative_rate_index"]):
        return core_verdict(row)
    words = SIGNIFICANCE.get(row["significance"], "not significantly different")
    joint = " — " if wide else "<br>"
    return (f"{times(row['relative_rate_index'])} as likely{joint}{words}<br>"
            f"{label_children(int(row['count']))}")


def area_words(row, one_line: bool = False) -> str:
    """Two short lines beside a dot in the by-area chart (one line when rows are many)."""
    n = int(row["count"])
    joint = " · " if one_line else "<br>"
    if row["ethnicity"] == WHITE:
        return f"reference group{joint}{label_children(n)}"
    if n == 0 or pd.isna(row["relative_rate_index"]):
        return core_verdict(row)
    short = AREA_SIGNIFICANCE.get(row["significance"], "not significant")
    return f"{times(row['relative_rate_index'])} — {short}{joint}{label_children(n)}"


def small_numbers(count) -> str:
    """The table's small-number column (none for a group with no children)."""
    if not count:
        return ""
    if few(count):
        return "fewer than 5 children"
    return "fewer than 30 children" if text.small_number_note(count) else ""


def _count_note(count: int) -> str:
    """' (based on only 4 children)' or ' (12 children)' after a title resting on few
    children, else ''."""
    if few(count):
        return f" (based on only {children(count)})"
    if not text.small_number_note(count):
        return ""
    return f" ({children(count)})"


def ordered(rows: pd.DataFrame) -> pd.DataFrame:
    """The minority total, then the five groups, in order (Unknown left out)."""
    order = {g: i for i, g in enumerate(GROUP_ORDER)}
    # positions sorted in Python and taken at once (the same rows, index and order as a
    # filter and a stable sort, for a fifth of the cost: the page orders each stage's rows
    # several times)
    kept = sorted((order[group], i) for i, group in enumerate(rows["ethnicity"].tolist())
                  if group in order)
    return rows.iloc[[i for _, i in kept]]


def groups_only(rows: pd.DataFrame) -> pd.DataFrame:
    """The five recorded groups (no total, no Unknown)."""
    return rows[rows["ethnicity"].isin(ETHNIC_GROUPS)]


def comparable(rows: pd.DataFrame) -> bool:
    others = rows[rows["ethnicity"].isin(GROUP_ORDER) & (rows["ethnicity"] != WHITE)]
    return others["relative_rate_index"].notna().any()


def largest_over(rows: pd.DataFrame) -> pd.Series | None:
    """The significantly over-represented row to name: one resting on 5 or more children
    before one on fewer, a group before the minority total, then the largest relative rate."""
    over = rows[(rows["significance"] == "over") & rows["ethnicity"].isin(GROUP_ORDER)]
    if over.empty:
        return None
    over = over.assign(_total=over["ethnicity"] == MINORITY_ETHNIC,
                       _few=over["count"].map(few),
                       _rri=-over["relative_rate_index"].astype("float64"))
    return over.sort_values(["_few", "_total", "_rri"], kind="stable").iloc[0]


# --- titles ---------------------------------------------------------------------------

def rri_title(rows: pd.DataFrame, stage: str) -> str:
    if not comparable(rows):
        return "No comparison with White children is possible here"
    top = largest_over(rows)
    if top is None:
        return f"No group significantly over-represented {STAGE_SHORT[stage]}"
    return (f"{group_noun(top['ethnicity'])} over-represented {STAGE_SHORT[stage]}: "
            f"{times(top['relative_rate_index'])} as likely{_count_note(top['count'])}")


def minority_row(rows: pd.DataFrame) -> pd.Series | None:
    found = rows[rows["ethnicity"] == MINORITY_ETHNIC]
    return None if found.empty else found.iloc[0]


def minority_shares(rows: pd.DataFrame) -> tuple[int, int, float | None, float | None]:
    """(minority count, known count, % of the stage, % of the population) for one stage,
    from the Minority ethnic row (each child once) over the five groups' total."""
    total = int(groups_only(rows)["count"].sum())
    row = minority_row(rows)
    if row is None:  # a frame without the total: its groups summed
        minority = groups_only(rows)[groups_only(rows)["ethnicity"] != WHITE]
        count = int(minority["count"].sum())
        pop = groups_only(rows)["share_of_population_pct"]
        pop_pct = float(minority["share_of_population_pct"].sum()) if pop.notna().any() \
            else None
        return count, total, count / total * 100 if total else None, pop_pct
    stage_pct = row["share_of_stage_pct"]
    pop_pct = row["share_of_population_pct"]
    return (int(row["count"]), total,
            None if pd.isna(stage_pct) else float(stage_pct),
            None if pd.isna(pop_pct) else float(pop_pct))


def share_title(rows: pd.DataFrame, stage: str) -> str:
    count, total, stage_pct, pop_pct = minority_shares(rows)
    if not total:
        return f"No children {STAGE_CHILDREN[stage]} with a recorded ethnicity"
    if pop_pct is None:
        return f"Minority ethnic children: {text.pct(stage_pct)} of those {STAGE_SHORT[stage]}"
    return (f"Minority ethnic children: {text.pct(stage_pct)} {STAGE_SHORT[stage]}, "
            f"{text.pct(pop_pct)} of all children")


def area_title(rows: pd.DataFrame, stage: str) -> str:
    if not comparable(rows):
        return "No comparison with White children is possible here"
    top = largest_over(rows)
    if top is None:
        return f"No significant over-representation {STAGE_SHORT[stage]} in any area"
    return (f"{top['area_name']}: {group_noun(top['ethnicity'], capital=False)} "
            f"{times(top['relative_rate_index'])} as likely {STAGE_SHORT[stage]}"
            f"{_count_note(top['count'])}")


# --- headline sentences ---------------------------------------------------------------

def headline_sentences(frame: pd.DataFrame, stage: str, period_end: date,
                       stage_labels: dict[str, str]) -> list[str]:
    """Plain sentences for one area and period: first the chosen stage's minority ethnic
    share against the population's, with its relative rate (what a slide of that stage
    says), then over-representation over all stages."""
    period = period_words(period_end)
    stage_rows = frame[frame["stage"] == stage]
    share = minority_sentence(stage_rows, stage, stage_labels[stage])
    sentences = [share] if share else []
    if not comparable(frame):
        sentences.append(f"Relative rates cannot be worked out for the {period}: there is no "
                         "population for this selection or no White children to compare "
                         "with.")
    else:
        sentences += _over_sentences(frame, period, stage_labels)
    unknown = int(stage_rows.loc[stage_rows["ethnicity"] == "Unknown", "count"].sum())
    if unknown:
        sentences.append(f"{children(unknown)} {STAGE_CHILDREN[stage]} had no recorded "
                         f"ethnicity and {'is' if unknown == 1 else 'are'} left out of the "
                         "comparison.")
    return sentences


def minority_sentence(rows: pd.DataFrame, stage: str, stage_label: str) -> str | None:
    """'Sentenced at court: 12.0% of the children were from minority ethnic groups (4 of 33
    with a recorded ethnicity), against 7.0% of all children aged 10–17. They were 1.8 times
    as likely as White children to be sentenced at court (95% interval 0.62 to 5.2) — not
    significantly different, based on only 4 children — treat with caution.'"""
    count, total, stage_pct, pop_pct = minority_shares(rows)
    if not total:
        return None
    if count:
        text_ = (f"{stage_label}: {text.pct(stage_pct)} of the children were from minority "
                 f"ethnic groups ({text.count(count)} of {text.count(total)} with a recorded "
                 "ethnicity)")
    else:
        text_ = (f"{stage_label}: none of the {text.count(total)} children with a recorded "
                 "ethnicity were from minority ethnic groups")
    text_ += (f", against {text.pct(pop_pct)} of all children aged 10–17."
              if pop_pct is not None else ".")
    row = minority_row(rows)
    if row is None or not count or pd.isna(row["relative_rate_index"]):
        return text_
    rri = float(row["relative_rate_index"])
    interval = ("" if pd.isna(row["rri_lower_95"]) else
                f" (95% interval {number(row['rri_lower_95'])} to {number(row['rri_upper_95'])})")
    words = SIGNIFICANCE.get(row["significance"], "not significantly different")
    caution = f", {children_words(count)}" if few(count) or text.small_number_note(count) \
        else ""
    return (f"{text_} They were {times(rri)} as likely as White children {STAGE_TO[stage]}"
            f"{interval} — {words}{caution}.")


def _over_sentences(frame: pd.DataFrame, period: str, stage_labels: dict[str, str]) -> list:
    top = largest_over(frame)
    if top is None:
        cautioned = frame[frame["stage"] == "cautioned_or_sentenced"]
        minority = minority_shares(cautioned)[0]
        sentence = (f"No ethnic group was significantly over-represented at any stage in the "
                    f"{period}")
        who = (f"{children(minority)} from minority ethnic groups "
               f"{'was' if minority == 1 else 'were'} cautioned or sentenced")
        if text.small_number_note(minority):
            return [f"{sentence}. Numbers are small ({who}), so only large differences would "
                    "show as significant."]
        return [f"{sentence} ({who})."]
    count = int(top["count"])
    if few(count):
        caution = f"based on only {children(count)} — treat with caution"
    elif text.small_number_note(count):
        caution = f"{children(count)}; small numbers — treat with caution"
    else:
        caution = children(count)
    first = (f"{group_noun(top['ethnicity'])} were {times(top['relative_rate_index'])} as "
             f"likely as White children {STAGE_TO[top['stage']]} in the {period} "
             f"({caution}).")
    over = frame[(frame["significance"] == "over") & frame["ethnicity"].isin(GROUP_ORDER)]
    stages = list(dict.fromkeys(over["stage"]))
    names = []
    for stage in stages:
        most = int(over.loc[over["stage"] == stage, "count"].max())
        names.append(stage_labels[stage].lower()
                     + (f" (based on only {children(most)})" if few(most) else ""))
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    of = len(frame["stage"].unique())
    second = (f"Over-representation was statistically significant at {len(stages)} of the "
              f"{of} stages: {listed}.")
    return [first, second]


def filter_note(ethnicity: str, population_available: bool, population_words: str) -> str:
    """What the filters do (and don't do) on this page."""
    notes = []
    if ethnicity:
        shown = f"{group_noun(ethnicity, capital=False)} are highlighted" \
            if ethnicity in ETHNIC_GROUPS else "every group is shown"
        notes.append(f"The ethnicity filter does not narrow this page — every group is "
                     f"compared with White children; {shown}.")
    if not population_available:
        notes.append("There is no population for looked-after status, offence group or "
                     "unrecorded sex, so rates and relative rate indices are not available: "
                     "counts and shares only.")
    elif population_words:
        notes.append(f"Rates use the population of {population_words}.")
    return " ".join(notes)
