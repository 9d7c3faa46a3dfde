"""Validation of an import folder (CONTRACT §1). Nothing here touches the database.

Every problem is reported as `file:line: column: reason`; validation carries on past the
first problem so a user can fix a file in one go.
"""
from __future__ import annotations

import csv
import io
import itertools
import operator
import re
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashboard.contract.schema import (ALL_TIERS, DETAILED_ETHNICITIES, ETHNIC_GROUPS,
                                       OUTCOME_TYPES, UNKNOWN_ETHNICITY, Benchmark,
                                       LocalAuthority, Outcome, OutcomeType)

MAX_REPORTED = 100

FILES = {
    "local_authorities.csv": ("code", "name", "service", "region", "family"),
    "population.csv": ("local_authority", "year", "sex", "age", "ethnicity", "population"),
    "outcomes.csv": ("outcome_id", "child_id", "local_authority", "offence_date", "outcome_date",
                     "outcome_type", "sex", "age", "ethnicity", "looked_after", "offence_group",
                     "gravity"),
    "benchmarks.csv": ("indicator", "period_end", "area_type", "area_name", "value"),
    # v2 optional files
    "outcome_types.csv": ("code", "label", "tier", "substantive", "custodial"),
    "looked_after_population.csv": ("local_authority", "year", "population"),
}
OPTIONAL_FILES = {"benchmarks.csv", "outcome_types.csv", "looked_after_population.csv"}
# v2 columns a file may have or not (a v1 file lacks them); absent reads as empty.
OPTIONAL_COLUMNS = {"benchmarks.csv": ("numerator", "denominator")}
BENCHMARK_INDICATORS = ("fte_rate", "custody_rate", "reoffending_binary_rate",
                        "reoffences_per_reoffender")
BENCHMARK_AREA_TYPES = ("national", "region", "family", "pcc", "statistical_neighbours",
                        "service")
NOT_RECORDED = "Not recorded"
# ASCII digits only: \d, str.isdigit(), int() and float() all accept other scripts' digits
# ("٥١" is 51 to int()), which no import file means.
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INTEGER_PATTERN = re.compile(r"[+-]?[0-9]+")
NUMBER_PATTERN = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")
MAX_INTEGER = 2**31 - 1  # the database's INTEGER columns
MAX_DIGITS = 15  # longer is out of range whatever the column (and int() of 4,301 digits fails)
# Longest text each database column takes (PostgreSQL rejects longer values; SQLite would not).
MAX_LENGTHS = {
    "local_authorities.csv": {c: LocalAuthority.__table__.c[c].type.length
                              for c in ("code", "name", "service", "region", "family")},
    "outcomes.csv": {c: Outcome.__table__.c[c].type.length
                     for c in ("outcome_id", "child_id", "offence_group")},
    "benchmarks.csv": {"area_name": Benchmark.__table__.c.area_name.type.length},
    "outcome_types.csv": {c: OutcomeType.__table__.c[c].type.length for c in ("code", "label")},
}


class LoadError(Exception):
    """Raised with the full list of problems; the database has not been touched."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_REPORTED]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more problems" if more > 0 else "")
        super().__init__(f"{len(problems)} problem(s) found; nothing was loaded:\n{text}")


@dataclass
class Problems:
    items: list[str] = field(default_factory=list)

    def add(self, file: str, line: int | None, column: str | None, reason: str) -> None:
        where = f"{file}:{line}" if line is not None else file
        self.items.append(f"{where}: {column}: {reason}" if column else f"{where}: {reason}")


class Coded:
    """A column of few distinct values (codes, dates, flags): a one- or two-byte code per
    row and each value once, instead of an 8-byte pointer per row. Reads like the list."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: array, values: list):
        self.codes, self.values = codes, values

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(map(self.values.__getitem__, self.codes[index]))
        return self.values[self.codes[index]]

    def __iter__(self):
        return map(self.values.__getitem__, self.codes)

    def tolist(self) -> list:
        return list(self)


def coded(values: list) -> Coded | list:
    """The column as a Coded when it repeats at most 65,536 distinct values of one type
    (floats never: -0.0 and 0.0 would share a code), else the list itself."""
    if len(set(itertools.islice(values, 100_000))) > 65_536:  # ids: no need to look further
        return values
    distinct = set(values)
    kinds = {type(value) for value in distinct} - {type(None)}
    if (len(distinct) > 65_536 or len(kinds) > 1 or float in kinds
            or len(values) < 2 * len(distinct)):   # (codes would not save anything)
        return values
    distinct = list(distinct)
    index = {value: code for code, value in enumerate(distinct)}
    return Coded(array("B" if len(distinct) <= 256 else "H", map(index.__getitem__, values)),
                 distinct)


class Rows(Sequence):
    """Validated rows of one file kept column by column (name -> list of values, or a
    Coded once `compact` has run), not a dict per row: a national folder has 2.6 million
    rows, and a dict each was most of a load's memory (docs/performance.md). Reads as a
    list of row dicts (each made on demand), so `rows[0]["age"]`, `len(rows)`,
    `for row in rows` and `rows == []` work as before."""

    __slots__ = ("columns",)

    def __init__(self, names=()):
        self.columns: dict[str, list | Coded] = {name: [] for name in names}

    def append(self, record: dict) -> None:
        columns = self.columns
        if not columns:
            columns.update((name, []) for name in record)
        for name, value in record.items():
            columns[name].append(value)

    def compact(self) -> Rows:
        """Code each column of few distinct values (when the file has been read)."""
        for name, values in self.columns.items():
            if isinstance(values, list):
                self.columns[name] = coded(values)
        return self

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return {name: values[index] for name, values in self.columns.items()}

    def __iter__(self):
        names = list(self.columns)
        for values in zip(*self.columns.values()):
            yield dict(zip(names, values))

    def __eq__(self, other) -> bool:
        if isinstance(other, (Rows, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Rows({len(self)} rows: {', '.join(self.columns)})"

    def pop_column(self, name: str) -> list:
        """Take a column out as a list (the loader frees each as it goes); absent: []."""
        values = self.columns.pop(name, [])
        return values.tolist() if isinstance(values, Coded) else values


@dataclass
class ImportData:
    """Each file's validated rows (a Rows, or a list of dicts: both read the same)."""
    local_authorities: Rows
    population: Rows
    outcomes: Rows
    benchmarks: Rows
    # v2 optional files: rows, and which optional files were present at all
    outcome_types: Rows = field(default_factory=Rows)
    looked_after_population: Rows = field(default_factory=Rows)
    files: dict[str, int] = field(default_factory=dict)
    local: object = None  # validate_local.LocalData: the optional local-indicator files


def _encoding_problem(data: bytes) -> str | None:
    """Why the bytes are not a UTF-8 text file, for encodings that decode "successfully"."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 10:
        return "looks like UTF-16 (as Excel's \"Unicode text\" saves); save it as UTF-8 (CSV UTF-8)"
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return "looks like a spreadsheet (.xlsx/.xls), not CSV; save it as CSV UTF-8"
    return None


def _read_rows(path: Path, columns: tuple[str, ...], problems: Problems):
    """Yield (line_number, row dict) for a CSV file, reporting structural problems.

    Line numbers are where a record starts (a quoted field may span lines). The file is
    read line by line (never whole): its first bytes are checked for the encodings that
    would decode "successfully", then bytes that are not UTF-8 become lone surrogates,
    reported below field by field."""
    name = path.name
    try:
        handle = path.open("rb")
    except OSError as exc:
        problems.add(name, None, None, f"cannot be read: {exc.strerror or exc}")
        return
    with handle:
        try:
            encoding = _encoding_problem(handle.read(_SNIFF_BYTES))
            handle.seek(0)
        except OSError as exc:
            problems.add(name, None, None, f"cannot be read: {exc.strerror or exc}")
            return
        if encoding:
            problems.add(name, 1, None, encoding)
            return
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape",
                                newline="")
        try:
            yield from _read_records(name, _nonblank_lines(text), columns, problems)
        except OSError as exc:
            problems.add(name, None, None, f"cannot be read: {exc.strerror or exc}")
        finally:
            text.detach()


_SNIFF_BYTES = 200  # what _encoding_problem looks at


def _nonblank_lines(text):
    """The file's lines, or None when it holds only white space (the empty file)."""
    leading = []
    for line in text:
        leading.append(line)
        if line.strip():
            return itertools.chain(leading, text)
    return None


def _read_records(name: str, lines, columns: tuple[str, ...], problems: Problems):
    if lines is None:
        problems.add(name, 1, None, "file is empty: expected a header row "
                                    f"({','.join(columns)})")
        return
    # strict: a quote left open runs to the end of the file; report it, do not swallow it
    reader = csv.reader(lines, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        problems.add(name, 1, None, f"the header row cannot be read as CSV: {_csv_reason(exc)}")
        return
    bad_header = [h for h in header if _text_problem(h)]
    for field_text in bad_header:
        problems.add(name, 1, None, f"header {_shown(field_text)}: {_text_problem(field_text)}")
    if bad_header:
        return
    missing = [c for c in columns if c not in header]
    for column in missing:
        problems.add(name, 1, column, "required column is missing from the header")
    if missing:
        return
    positions = {c: header.index(c) for c in columns}
    optional = [c for c in OPTIONAL_COLUMNS.get(name, ()) if c in header]
    positions.update({c: header.index(c) for c in optional})
    absent = {c: "" for c in OPTIONAL_COLUMNS.get(name, ()) if c not in header}
    names, pick = list(positions), operator.itemgetter(*positions.values(), 0)  # a tuple
    seen_rows = False
    while True:
        line = reader.line_num + 1  # the record's first line
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(name, line, None, f"cannot be read as CSV: {_csv_reason(exc)}")
            return
        joined = "".join(fields)
        if not joined.strip():
            continue  # blank line
        seen_rows = True
        if len(fields) != len(header):
            problems.add(name, line, None,
                         f"expected {len(header)} fields, found {len(fields)}")
            continue
        if _BAD_TEXT.search(joined):  # one scan in C; field by field only then
            bad = [(column, _text_problem(fields[i])) for column, i in positions.items()
                   if _text_problem(fields[i])]
            for column, reason in bad:
                problems.add(name, line, column, reason)
            if bad:
                continue
        row = dict(zip(names, map(str.strip, pick(fields))))
        row.update(absent)
        too_long = [(c, len(row[c]), limit) for c, limit in MAX_LENGTHS.get(name, {}).items()
                    if limit and len(row[c]) > limit]
        for column, length, limit in too_long:
            problems.add(name, line, column,
                         f"value is {length} characters long (at most {limit} allowed)")
        if too_long:
            continue
        yield line, row
    if not seen_rows and name in FILES and name not in OPTIONAL_FILES:  # others are optional
        problems.add(name, 2, None, "file has a header but no data rows")


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return ('a quoted field starting on this line is never closed (a missing "); '
                "everything after it was read as one value")
    if "expected after" in text:
        return f'{text} (a quote in the middle of a quoted field must be doubled: "")'
    return text


_BAD_TEXT = re.compile("[\x00\udc80-\udcff]")  # what _text_problem looks for


def _text_problem(value: str) -> str | None:
    """Why a raw field cannot be stored (bytes that were not UTF-8, NUL), or None."""
    for char in value:
        if "\udc80" <= char <= "\udcff":
            return (f"not valid UTF-8 (byte 0x{ord(char) - 0xdc00:02x}); "
                    "save the file as UTF-8")
        if char == "\x00":
            return "contains a NUL character"
    return None


# A million rows repeat a few thousand dates and a few dozen codes: each row keeps the
# same date object and the same string for a value (sys.intern), not a copy of its own,
# which is most of a national load's memory (docs/performance.md).
_DATES: dict[str, date] = {}
_MAX_DATES = 100_000


def _date(value: str, file: str, line: int, column: str, problems: Problems) -> date | None:
    known = _DATES.get(value)
    if known is not None:
        return known
    try:
        if not DATE_PATTERN.fullmatch(value):  # fromisoformat also takes e.g. 2024-W01-1
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        problems.add(file, line, column, f"{_shown(value)} is not a date in YYYY-MM-DD form")
        return None
    if len(_DATES) < _MAX_DATES:
        _DATES[value] = day
    return day


def _int(value: str, file: str, line: int, column: str, problems: Problems,
         low: int | None = None, high: int | None = None) -> int | None:
    if not INTEGER_PATTERN.fullmatch(value):  # int() also takes "1_000" and non-ASCII digits
        problems.add(file, line, column, f"{_shown(value)} is not a whole number")
        return None
    if len(value.lstrip("+-").lstrip("0")) > MAX_DIGITS:
        bounds = f"{low}..{high}" if high is not None else f"at most {MAX_INTEGER}"
        problems.add(file, line, column, f"a {len(value.lstrip('+-'))}-digit number is out of "
                                         f"range (expected {bounds})")
        return None
    number = int(value)
    if high is None and abs(number) > MAX_INTEGER:
        high = MAX_INTEGER
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"{low}..{high}" if high is not None else f"at least {low}"
        problems.add(file, line, column, f"{number} is out of range (expected {bounds})")
        return None
    return number


def _shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message, cut short (a 5,000-digit field is not repeated)."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value):,} characters)"


def _choice(value: str, allowed, file: str, line: int, column: str,
            problems: Problems) -> str | None:
    if value in allowed:
        return sys.intern(value)
    if len(allowed) <= 8:
        problems.add(file, line, column, f"{_shown(value)} is not one of {', '.join(allowed)}")
    else:
        problems.add(file, line, column, f"{_shown(value)} is not a known code (e.g. "
                                         f"{', '.join(list(allowed)[:3])}, ...)")
    return None


def _required(value: str, file: str, line: int, column: str, problems: Problems) -> str | None:
    if value:
        return value
    problems.add(file, line, column, "value is empty")
    return None


def _local_authorities(path: Path, problems: Problems) -> Rows:
    rows, first_line = Rows(), {}
    for line, row in _read_rows(path, FILES[path.name], problems):
        values = {c: _required(row[c], path.name, line, c, problems)
                  for c in ("code", "name", "service", "region")}
        code = values["code"]
        if code in first_line:
            problems.add(path.name, line, "code",
                         f"duplicate code {_shown(code)} (first on line {first_line[code]})")
            continue
        if None in values.values():
            continue
        first_line[code] = line
        rows.append({**values, "family": row["family"] or None})
    return rows


def _population(path: Path, codes: set[str], problems: Problems) -> Rows:
    rows, first_line, name = Rows(), {}, path.name
    for line, row in _read_rows(path, FILES[name], problems):
        record = {
            "local_authority": _choice_code(row["local_authority"], codes, name, line, problems),
            "year": _int(row["year"], name, line, "year", problems, 1900, 2200),
            "sex": _choice(row["sex"], ("M", "F"), name, line, "sex", problems),
            "age": _int(row["age"], name, line, "age", problems, 10, 17),
            "ethnicity": _choice(row["ethnicity"], ETHNIC_GROUPS, name, line, "ethnicity",
                                 problems),
            "population": _int(row["population"], name, line, "population", problems, 0),
        }
        if None in record.values():
            continue
        key = tuple(record[c] for c in ("local_authority", "year", "sex", "age", "ethnicity"))
        if key in first_line:
            problems.add(name, line, None,
                         f"duplicate population row for {key} (first on line {first_line[key]})")
            continue
        first_line[key] = line
        rows.append(record)
    return rows.compact()


def _choice_code(value: str, codes: set[str], file: str, line: int,
                 problems: Problems) -> str | None:
    if value in codes:
        return sys.intern(value)
    problems.add(file, line, "local_authority",
                 f"{_shown(value)} is not a code in local_authorities.csv")
    return None


def _outcomes(path: Path, codes: set[str], problems: Problems,
              local_codes: frozenset[str] = frozenset()) -> Rows:
    rows, first_line, name = Rows(), {}, path.name
    for line, row in _read_rows(path, FILES[name], problems):
        outcome_id = _required(row["outcome_id"], name, line, "outcome_id", problems)
        if outcome_id in first_line:
            problems.add(name, line, "outcome_id",
                         f"duplicate outcome_id {_shown(outcome_id)} (first on line "
                         f"{first_line[outcome_id]})")
            continue
        if outcome_id is not None:
            first_line[outcome_id] = line
        gravity = row["gravity"]
        record = {
            "outcome_id": outcome_id,
            "child_id": _required(row["child_id"], name, line, "child_id", problems),
            "local_authority": _choice_code(row["local_authority"], codes, name, line, problems),
            "offence_date": _date(row["offence_date"], name, line, "offence_date", problems),
            "outcome_date": _date(row["outcome_date"], name, line, "outcome_date", problems),
            "outcome_type": _outcome_type(row["outcome_type"], local_codes, name, line,
                                          problems),
            "sex": _choice(row["sex"], ("M", "F", "U"), name, line, "sex", problems),
            "age": _int(row["age"], name, line, "age", problems, 0, 120),
            "ethnicity": _ethnicity(row["ethnicity"], name, line, problems),
            "looked_after": _choice(row["looked_after"], ("Y", "N"), name, line,
                                    "looked_after", problems),
            "offence_group": sys.intern(row["offence_group"]) or NOT_RECORDED,
            "gravity": (_int(gravity, name, line, "gravity", problems, 1, 8)
                        if gravity else None),
        }
        if gravity and record["gravity"] is None:
            continue
        if None in (v for k, v in record.items() if k != "gravity"):
            continue
        if record["outcome_date"] < record["offence_date"]:
            problems.add(name, line, "outcome_date",
                         f"{record['outcome_date']} is before offence_date "
                         f"{record['offence_date']}")
            continue
        record["looked_after"] = record["looked_after"] == "Y"
        record["ethnicity"], record["ethnicity_detail"] = record["ethnicity"]
        rows.append(record)
    return rows.compact()


def _benchmarks(path: Path, problems: Problems) -> Rows:
    rows, name, services = Rows(), path.name, {}
    for line, row in _read_rows(path, FILES[name], problems):
        try:
            if not NUMBER_PATTERN.fullmatch(row["value"]):  # float() takes "nan", "1_0", "٥"
                raise ValueError
            value = float(row["value"])
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError
        except ValueError:
            problems.add(name, line, "value", f"{_shown(row['value'])} is not a number")
            value = None
        record = {
            "indicator": _choice(row["indicator"], BENCHMARK_INDICATORS, name, line,
                                 "indicator", problems),
            "period_end": _date(row["period_end"], name, line, "period_end", problems),
            "area_type": _choice(row["area_type"], BENCHMARK_AREA_TYPES, name, line,
                                 "area_type", problems),
            "area_name": _required(row["area_name"], name, line, "area_name", problems),
            "value": value,
        }
        counts = _benchmark_counts(row, name, line, problems)
        if None not in record.values() and counts is not None:
            if _repeated_service(record, line, services, name, problems):
                continue
            rows.append({**record, **counts})
    return rows.compact()


def read_import_folder(directory: Path) -> ImportData:
    """Parse and validate every file; raise LoadError listing all problems."""
    problems = Problems()
    directory = Path(directory)
    if not directory.is_dir():
        raise LoadError([f"{directory}: not a folder"])
    for file in FILES:
        if file not in OPTIONAL_FILES and not (directory / file).is_file():
            problems.add(file, None, None, f"required file is missing from {directory}")
    if problems.items:
        raise LoadError(problems.items)
    authorities = _local_authorities(directory / "local_authorities.csv", problems)
    if not authorities and problems.items:
        # unreadable (UTF-16, a spreadsheet, ...): every other file's codes would be
        # reported as unknown, burying the one problem that matters
        raise LoadError(problems.items)
    codes = set(authorities.columns.get("code", ()))
    population = _population(directory / "population.csv", codes, problems)
    types_path = directory / "outcome_types.csv"
    outcome_types, declared = (_outcome_types(types_path, problems) if types_path.is_file()
                               else (Rows(), frozenset()))
    outcomes = _outcomes(directory / "outcomes.csv", codes, problems, declared)
    bench_path = directory / "benchmarks.csv"
    benchmarks = _benchmarks(bench_path, problems) if bench_path.is_file() else Rows()
    lac_path = directory / "looked_after_population.csv"
    looked_after = (_looked_after_population(lac_path, codes, problems)
                    if lac_path.is_file() else Rows())
    from dashboard.etl.validate_local import read_local_files  # it builds on this module
    local = read_local_files(directory, authorities, problems)
    if problems.items:
        raise LoadError(problems.items)
    rows = {"local_authorities.csv": authorities, "population.csv": population,
            "outcomes.csv": outcomes, "benchmarks.csv": benchmarks,
            "outcome_types.csv": outcome_types, "looked_after_population.csv": looked_after}
    files = {file: len(rows[file]) for file in FILES if (directory / file).is_file()}
    return ImportData(authorities, population, outcomes, benchmarks, outcome_types,
                      looked_after, files, local)


# --------------------------------------------------------------------------------------
# v2: local outcome codes (outcome_types.csv), detailed ethnicity (§2b), benchmark counts,
# looked-after population. Kept together so the v1 rules above read as they were.
# --------------------------------------------------------------------------------------
LOCAL_CODE_PATTERN = re.compile(r"[a-z0-9_]+")
YES_NO = ("yes", "no")
NOT_SUBSTANTIVE_TIERS = ("diversion", "other")
DETAIL_BY_KEY = {category.casefold(): category for category in DETAILED_ETHNICITIES}
GROUPS_AND_UNKNOWN = ETHNIC_GROUPS + (UNKNOWN_ETHNICITY,)


def _outcome_type(value: str, local_codes: frozenset[str], file: str, line: int,
                  problems: Problems) -> str | None:
    if value in OUTCOME_TYPES or value in local_codes:
        return sys.intern(value)
    problems.add(file, line, "outcome_type",
                 f"{_shown(value)} is not a known code (e.g. {', '.join(list(OUTCOME_TYPES)[:3])}, "
                 "...); declare a local code in outcome_types.csv (code, label, tier, "
                 "substantive, custodial; tier 'other' for civil orders and recalls)")
    return None


def _ethnicity(value: str, file: str, line: int,
               problems: Problems) -> tuple[str, str | None] | None:
    """(group, detailed category or None): a group as written, or a §2b category in any case."""
    if value in GROUPS_AND_UNKNOWN:
        return sys.intern(value), None
    category = DETAIL_BY_KEY.get(value.casefold())
    if category is not None:
        return DETAILED_ETHNICITIES[category], category
    problems.add(file, line, "ethnicity",
                 f"{_shown(value)} is not one of {', '.join(GROUPS_AND_UNKNOWN)}, nor a 2021 Census "
                 "category (e.g. 'Indian', 'White and Black Caribbean', 'Any other ethnic group')")
    return None


def _outcome_types(path: Path, problems: Problems) -> tuple[Rows, frozenset[str]]:
    """The local codes, and every code the file declares (even on a rejected row, so that
    outcomes using it are not reported a second time: the problem is shown at its source)."""
    rows, first_line, name = Rows(), {}, path.name
    for line, row in _read_rows(path, FILES[name], problems):
        code = row["code"]
        ok = _local_code(code, line, first_line, name, problems)
        label = _required(row["label"], name, line, "label", problems)
        tier = _choice(row["tier"], ALL_TIERS, name, line, "tier", problems)
        substantive = _choice(row["substantive"], YES_NO, name, line, "substantive", problems)
        custodial = _choice(row["custodial"], YES_NO, name, line, "custodial", problems)
        if code and code not in first_line:
            first_line[code] = line
        if tier in NOT_SUBSTANTIVE_TIERS and substantive == "yes":
            problems.add(name, line, "substantive", f"must be no for tier {tier}")
            ok = False
        if tier is not None and custodial is not None and (custodial == "yes") != (
                tier == "custody"):
            problems.add(name, line, "custodial", "must be yes for tier custody"
                         if tier == "custody" else f"must be no for tier {tier} (yes only "
                                                   "for tier custody)")
            ok = False
        if ok and None not in (label, tier, substantive, custodial):
            rows.append({"code": code, "label": label, "tier": tier,
                         "substantive": substantive == "yes", "custodial": custodial == "yes"})
    return rows, frozenset(first_line)


def _local_code(code: str, line: int, first_line: dict, file: str, problems: Problems) -> bool:
    if not code:
        problems.add(file, line, "code", "value is empty")
    elif not LOCAL_CODE_PATTERN.fullmatch(code):
        problems.add(file, line, "code", f"{_shown(code)} may only hold lower-case letters, digits "
                                         "and _")
    elif code in OUTCOME_TYPES:
        problems.add(file, line, "code", f"{_shown(code)} is already a code of the data contract "
                                         "(§2); a local code needs a new name")
    elif code in first_line:
        problems.add(file, line, "code",
                     f"duplicate code {_shown(code)} (first on line {first_line[code]})")
    else:
        return True
    return False


def _benchmark_counts(row: dict, file: str, line: int, problems: Problems) -> dict | None:
    """The optional numerator and denominator (None when empty); None if either is bad."""
    counts = {}
    for column in ("numerator", "denominator"):
        text = row[column]
        counts[column] = _int(text, file, line, column, problems, 0) if text else None
        if text and counts[column] is None:
            return None
    return counts


def _repeated_service(record: dict, line: int, seen: dict, file: str,
                      problems: Problems) -> bool:
    """A second published figure for one service (names matched as loaded services are:
    case and surrounding spaces ignored) would make its rank ambiguous."""
    if record["area_type"] != "service":
        return False
    key = (record["indicator"], record["period_end"], record["area_name"].strip().casefold())
    if key in seen:
        problems.add(file, line, "area_name",
                     f"duplicate service figure for {record['area_name']!r} "
                     f"({record['indicator']}, {record['period_end']}; first on line "
                     f"{seen[key]})")
        return True
    seen[key] = line
    return False


def _looked_after_population(path: Path, codes: set[str], problems: Problems) -> Rows:
    rows, first_line, name = Rows(), {}, path.name
    for line, row in _read_rows(path, FILES[name], problems):
        record = {
            "local_authority": _choice_code(row["local_authority"], codes, name, line, problems),
            "year": _int(row["year"], name, line, "year", problems, 1900, 2200),
            "population": _int(row["population"], name, line, "population", problems, 0),
        }
        if None in record.values():
            continue
        key = (record["local_authority"], record["year"])
        if key in first_line:
            problems.add(name, line, None, f"duplicate looked-after population row for "
                                           f"{key} (first on line {first_line[key]})")
            continue
        first_line[key] = line
        rows.append(record)
    return rows.compact()
