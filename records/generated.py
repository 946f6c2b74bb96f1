"""Generated Annex A lists and SSDA903 tables (no real person): the demo's and the
benchmark's records.

Children are made-up identifiers (``DEMO000123``) with a random month of birth; no name,
address or worker is generated. ``demo_lists`` builds September 2016 so that it counts
exactly to the demo dataset's figures of that month; ``bench_lists`` builds years of a
large authority at random. Children in care and care leavers come as the 903 tables
(Header, Episodes, OC3), from which the upload makes lists 8 and 9. Adoption (list 10) and
adopters (list 11) are journeys drawn backwards from their last step, each step's date
left blank when it falls after the lists' last day.
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from records.counting import month_end
from returns.working_days import add_working_days, is_working_day

HEADERS = {
    "contacts": ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
                 "Date of Contact", "Contact Source"],
    "referrals": ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date of referral",
                  "Referral Source", "Referral NFA?"],
    "assessments": ["Child Unique ID", "Gender", "Date of Birth",
                    "Continuous Assessment Start Date",
                    "Continuous Assessment Date of Authorisation"],
    "s47": ["Child Unique ID", "Gender", "Date of Birth",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan"],
    "cp_plans": ["Child Unique ID", "Gender", "Date of Birth", "Child Protection Plan Start Date",
                 "Child Protection Plan End Date", "Number of Previous Child Protection Plans"],
    "header": ["CHILD", "SEX", "DOB", "ETHNIC"],
    "episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE"],
    "oc3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "adoption": ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                 "Date the Child Entered Care",
                 "Date of Decision that Child Should be Placed for Adoption",
                 "Date of Placement Order", "Date of Matching Child and Prospective Adopters",
                 "Date Placed for Adoption", "Date of Adoption Order"],
    "adopters": ["Individual adopter identifier", "Date enquiry received", "Date Stage 1 started",
                 "Date application approved", "Date adopter matched with child(ren)",
                 "Date child/children placed with adopter(s)"],
}  # fmt: skip
# The days between one step of an adoption (or an adopter's approval) and the next, from the
# last step back: (low, high) for each step before it.
CHILD_STEPS = ((90, 300), (7, 60), (30, 300), (30, 150), (60, 400))  # placed .. entered care
ADOPTER_STEPS = ((7, 60), (30, 300), (120, 240), (7, 90))  # matched .. enquiry


def text(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


class Children:
    """Made-up children: an identifier, a gender and a month of birth each."""

    def __init__(self, rng: random.Random, *, count: int, on: date):
        self.rng = rng
        # A birth month drawn after ``on``'s month is taken as ``on``'s: no child is born after
        # the month its records are of (the checks refuse a date in the future). The same
        # draws as before, so the demo's counted figures stay as they are.
        self.children = [
            (f"DEMO{number:06}", rng.choice(["a) Male", "b) Female"]),
             min(date(on.year - rng.randint(0, 17), rng.randint(1, 12), 1), on.replace(day=1)))
            for number in range(count)
        ]  # fmt: skip

        self.order: list[int] = []

    def pick(self) -> tuple[str, str, str]:
        """The next child of a shuffled round: no child twice until all had a turn, so a
        list has no repeated row (which the checks would refuse)."""
        if not self.order:
            self.order = list(range(len(self.children)))
            self.rng.shuffle(self.order)
        child, gender, birth = self.children[self.order.pop()]
        return child, gender, text(birth)


def days_in(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def working_day_in(rng: random.Random, first: date, last: date) -> date:
    while True:
        day = days_in(rng, first, last)
        if is_working_day(day):
            return day


def episodes_of(
    rng: random.Random, child: str, started: date, ceased: date | None, *, placements: int,
    last: date,
) -> list[list[str]]:  # fmt: skip
    """One period of care as 903 episodes: begun (RNE S) on ``started``, then up to
    ``placements - 1`` changes (of placement, or now and then of legal status only) on days
    drawn after it, each episode ending the day the next begins; the last ends on ``ceased``
    (REC E11), or is open."""
    end = ceased or last
    changes = sorted(
        {days_in(rng, started + timedelta(days=1), end) for _ in range(placements - 1)}
        if end > started
        else set()
    )
    starts = [started, *changes]
    ends = [*changes, ceased]
    return [
        [child, text(begin), "S" if number == 0 else rng.choice("PPPTBL"), "C2", "N1",
         rng.choice(["U1", "U3", "U4", "K2"]), "PR1", text(finish),
         "E11" if finish and number == len(starts) - 1 else "", "" if number == 0 else "CARPL"]
        for number, (begin, finish) in enumerate(zip(starts, ends, strict=True))
    ]  # fmt: skip


def journey(
    rng: random.Random, end: date, steps, *, last: date, listed: int = 0
) -> list[str] | None:
    """The dates of a journey ending on ``end``, earliest first, each earlier one a draw of
    ``steps`` days before the next; a date after ``last`` is blank (not yet happened). None
    when the step that puts the journey on its list (``listed``: list 10's decision, list
    11's enquiry) is after ``last``."""
    days = [end]
    for low, high in steps:
        days.append(days[-1] - timedelta(days=rng.randint(low, high)))
    days.reverse()
    if days[listed] > last:
        return None
    return [text(day) if day <= last else "" for day in days]


def adoption_rows(
    rng: random.Random, *, count: int, ends: tuple[date, date], last: date, prefix: str
) -> tuple[list[list[str]], list[list[str]]]:
    """``count`` children of list 10 and as many adopters of list 11, their last steps
    (adoption order, placement with the adopters) drawn in ``ends``; none after ``last``."""
    children: list[list[str]] = []
    adopters: list[list[str]] = []
    while len(children) < count:
        dates = journey(rng, days_in(rng, *ends), CHILD_STEPS, last=last, listed=1)
        if dates:
            birth = date.fromisoformat("-".join(reversed(dates[0].split("/"))))
            birth -= timedelta(days=rng.randint(0, 1500))
            children.append([f"{prefix}A{len(children):05}", rng.choice(["a) Male", "b) Female"]),
                             "WBRI", text(birth), *dates])  # fmt: skip
    while len(adopters) < count:
        dates = journey(rng, days_in(rng, *ends), ADOPTER_STEPS, last=last)
        if dates:
            adopters.append([f"{prefix}P{len(adopters):05}", *dates])
    return children, adopters


def demo_lists(seed: int = 2016) -> dict[str, list[list[str]]]:
    """September 2016, counting to the demo dataset's figures: M1 1,480 contacts; M2 417
    referrals; EH3 177 assessments, 111 within 45 working days (EH4-QL 63%); CP1 89 S47
    enquiries; CP3-QL 14 of 17 timed ICPCs (82%; 2 transfer-ins); CP5-QL 5 of 14 new plans
    second or subsequent (36%); CP6B 349 children on a plan and LAC1 606 in care at 30
    September 2016."""
    rng = random.Random(seed)
    splits = random.Random(seed + 903)  # the episodes' own draws: the others stay as they were
    first, last = date(2016, 9, 1), date(2016, 9, 30)
    kids = Children(rng, count=5_000, on=first)
    lists: dict[str, list[list[str]]] = {key: [header] for key, header in HEADERS.items()}
    for _ in range(1_480):
        child, gender, birth = kids.pick()
        lists["contacts"].append([child, gender, "WBRI", birth, "", text(days_in(rng, first, last)),
                                  rng.choice(["Police", "School", "Health"])])  # fmt: skip
    for _ in range(417):
        child, gender, birth = kids.pick()
        lists["referrals"].append([child, gender, "WBRI", birth, text(days_in(rng, first, last)),
                                   "Police", "b) No"])  # fmt: skip
    for number in range(177):
        child, gender, birth = kids.pick()
        done = working_day_in(rng, first, last)
        took = rng.randint(5, 45) if number < 111 else rng.randint(46, 70)
        lists["assessments"].append(
            [child, gender, birth, text(add_working_days(done, -took)), text(done)]
        )
    _demo_s47(rng, kids, lists["s47"])
    _demo_plans(rng, kids, lists["cp_plans"])
    for number in range(606 + 20):
        child = f"DEMOCIC{number:04}"
        started = days_in(rng, date(2008, 6, 1), last)
        ceased = days_in(rng, first, date(2016, 9, 29)) if number >= 606 else None
        ceased = max(ceased, started) if ceased else None
        placements = rng.choice([1, 1, 1, 2, 3, 4])
        lists["header"].append([child, "1", text(date(2008, 5, 1)), "WBRI"])
        lists["episodes"] += episodes_of(
            splits, child, started, ceased, placements=placements, last=last
        )
    for number in range(40):
        child, birth = f"DEMOCL{number:03}", text(date(rng.randint(1995, 1998), 3, 1))
        lists["header"].append([child, "2", birth, "WBRI"])
        lists["oc3"].append(
            [child, birth, "YES" if number % 8 else "NO", "F2", "B1" if number % 5 else "B2"]
        )
    # lists 10 and 11 from their own draws (the others stay as they were), adoption orders
    # from September to December 2016: no demo indicator is counted from them, and no date of
    # theirs is after September 2016, the month the upload is of
    children, adopters = adoption_rows(
        random.Random(seed + 10), count=12, ends=(first, date(2016, 12, 31)), last=last,
        prefix="DEMO",
    )  # fmt: skip
    lists["adoption"] += children
    lists["adopters"] += adopters
    return lists


def _demo_s47(rng: random.Random, kids: Children, rows: list[list[str]]) -> None:
    """89 S47s begun in September; 17 of them had their ICPC in September, 14 within 15
    working days; 2 ICPCs were transfer-ins (no strategy discussion here)."""
    first, last = date(2016, 9, 1), date(2016, 9, 30)
    for number in range(89):
        child, gender, birth = kids.pick()
        if number < 17:
            strategy = working_day_in(rng, first, date(2016, 9, 2))
            took = rng.randint(5, 15) if number < 14 else rng.randint(16, 19)
            icpc = add_working_days(strategy, took)
            rows.append([child, gender, birth, text(strategy), text(icpc), "a) Yes"])
        else:
            rows.append([child, gender, birth, text(days_in(rng, first, last)), "", ""])
    for _ in range(2):
        child, gender, birth = kids.pick()
        rows.append([child, gender, birth, "", text(working_day_in(rng, first, last)), "a) Yes"])


def _demo_plans(rng: random.Random, kids: Children, rows: list[list[str]]) -> None:
    """349 children on a plan at 30 September 2016, 14 of whose plans began in September
    (3 with earlier plans counted by the list, 2 with an earlier plan in it); 25 ended."""
    first, last = date(2016, 9, 1), date(2016, 9, 30)
    for number in range(349):
        child, gender, birth = f"DEMOCP{number:04}", "b) Female", text(date(2010, 1, 1))
        if number < 14:
            started = days_in(rng, first, last)
            previous = "1" if number < 3 else "0"
            rows.append([child, gender, birth, text(started), "", previous])
            if 3 <= number < 5:  # an earlier plan, long ended
                rows.append([child, gender, birth, "01/02/2013", "01/02/2014", "0"])
        else:
            started = days_in(rng, date(2014, 10, 1), date(2016, 8, 31))
            rows.append([child, gender, birth, text(started), "", "0"])
    for number in range(25):
        child, gender, birth = f"DEMOCPX{number:03}", "a) Male", text(date(2011, 1, 1))
        ended = days_in(rng, first, date(2016, 9, 29))
        rows.append([child, gender, birth, text(ended - timedelta(days=rng.randint(90, 800))),
                     text(ended), "0"])  # fmt: skip


def bench_lists(
    *, first: date, months: int, sizes: dict[str, int], seed: int = 7
) -> Iterator[tuple[str, list[list[str]]]]:
    """Random lists over ``months`` months from ``first``: (list key, rows with header)."""
    rng = random.Random(seed)
    last = month_end(date(first.year + (first.month - 1 + months - 1) // 12,
                          (first.month - 1 + months - 1) % 12 + 1, 1))  # fmt: skip
    kids = Children(rng, count=max(sizes.values()) // 2, on=last)
    header: dict[str, list[str]] = {}  # the 903 Header: one row per child of the 903 tables
    for key, count in sizes.items():
        if key == "adoption":  # with list 11's adopters, as many
            ends = (first, last + timedelta(days=365))
            children, adopters = adoption_rows(rng, count=count, ends=ends, last=last,
                                               prefix="BENCH")  # fmt: skip
            yield "adoption", [HEADERS["adoption"], *children]
            yield "adopters", [HEADERS["adopters"], *adopters]
            continue
        if key in ("episodes", "oc3"):
            yield key, _bench_903(key, rng, count, header, first=first, last=last)
            continue
        rows, seen = [HEADERS[key]], set()
        for _ in range(count):
            child, gender, birth = kids.pick()
            start = days_in(rng, first, last)
            while (child, start) in seen:  # no repeated row: the checks would refuse it
                start = days_in(rng, first, last)
            seen.add((child, start))
            later = min(start + timedelta(days=rng.randint(0, 700)), last)
            ended = later if rng.random() < 0.6 else None
            rows.append(_bench_row(key, rng, (child, gender, birth), start, ended, last))
        yield key, rows
    if header:
        yield "header", [HEADERS["header"], *header.values()]


def _bench_903(key, rng, count: int, header: dict, *, first, last) -> list:
    """About ``count`` rows of 903 episodes (a period of care of 1 to 4 placements for each
    child, 60% of them ended) or OC3 (care leavers aged 19 to 21), each child in ``header``."""
    rows = [HEADERS[key]]
    while len(rows) <= count:
        if key == "oc3":
            child = f"BENCHCL{len(rows):05}"
            birth = text(date(last.year - rng.randint(19, 21), rng.randint(1, 12), 1))
            header[child] = [child, "2", birth, "WBRI"]
            rows.append([child, birth, rng.choice(["YES"] * 5 + ["NO", "REFU"]), "F2",
                         rng.choice(["B1", "D1", "E1", "B2"])])  # fmt: skip
            continue
        child = f"BENCHCIC{len(rows):05}"
        birth = min(date(last.year - rng.randint(0, 17), rng.randint(1, 12), 1), last)
        header[child] = [child, rng.choice("12"), text(birth), "WBRI"]
        started = days_in(rng, first, last)
        ended = min(started + timedelta(days=rng.randint(0, 700)), last)
        rows += episodes_of(
            rng,
            child,
            started,
            ended if rng.random() < 0.6 else None,
            placements=rng.randint(1, 4),
            last=last,
        )
    return rows


def _bench_row(key, rng, child: tuple[str, str, str], start: date, ended, last: date) -> list:
    """One random record of list ``key`` starting ``start``."""
    soon = text(min(start + timedelta(days=rng.randint(1, 90)), last))
    if key == "contacts":
        return [*child[:2], "WBRI", child[2], "", text(start), "Police"]
    if key == "referrals":
        return [*child[:2], "WBRI", child[2], text(start), "Police", "b) No"]
    if key in ("assessments", "s47"):
        return [*child, text(start), soon] + (["a) Yes"] if key == "s47" else [])
    if key == "cp_plans":
        return [*child, text(start), text(ended), str(rng.randint(0, 2))]
    raise ValueError(f"no generated rows for list {key!r}")
