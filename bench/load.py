"""Load test: gunicorn (2 workers) on PostgreSQL with 500 indicators x 120 months, and 20
concurrent users for 60 s over the worklist, indicator, catalogue and pack pages.

Loopback only, bounded in time. Prints requests per second, p50/p95/p99 latency and errors
per page. Targets: no errors, p95 under 300 ms.

Each user reads a page before asking for the next: a think time drawn from ``--think``
(1-5 s, as in Locust's examples). ``--think 0`` makes every user click again the moment a
page arrives, which measures the server's capacity rather than 20 people's experience.
The load generator runs on the same two cores as the server.
Run: ``.venv/bin/python bench/load.py [--seconds 60] [--users 20] [--think 1-5] [--keep]``;
``--keep`` leaves the database for the next ``--keep`` run, which then skips the two-minute
build.
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import requests
from _setup import ROOT, django_on, drop_database, existing_database, fresh_database

DATABASE = "kpi_bench_load"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "load-test-password-42"
USERS = ("load-team", "load-reporter")
INDICATORS, MONTHS = 500, 120


def months_back(count: int) -> list[date]:
    """The ``count`` months ending last month: the history a live portal would hold."""
    from core.months import last_month, months_ending

    return months_ending(last_month(date.today()), count)


def make_data() -> tuple[date, list[int]]:
    """The catalogue, its values, two users, an open month and a built pack."""
    from django.contrib.auth.models import Group, User

    from core import roles
    from indicators.models import Area, ChangeKind, Indicator
    from indicators.value_writes import create_values
    from packs import services as packs
    from returns.services import periods

    team = User.objects.create_user("load-team", password=PASSWORD)
    team.groups.add(Group.objects.get(name=roles.PERFORMANCE_TEAM))
    reporter = User.objects.create_user("load-reporter", password=PASSWORD)
    reporter.groups.add(Group.objects.get(name=roles.REPORTER))
    areas = [Area.objects.create(name=f"Area {n}", position=n) for n in range(10)]
    Indicator.objects.bulk_create(
        Indicator(ref=f"L{n:03}", title=f"Load indicator {n}", area=areas[n % 10],
                  reporter=reporter if n < 40 else None, owner=team)
        for n in range(INDICATORS)
    )  # fmt: skip
    months = months_back(MONTHS)
    rng = random.Random(1)
    ids = list(Indicator.objects.values_list("pk", flat=True))
    create_values(
        [(pk, m, Decimal(rng.randint(0, 900)), "") for pk in ids for m in months],
        user=team, reason="Load test", kind=ChangeKind.IMPORTED,
    )  # fmt: skip
    periods.open_period(user=team, month=months[-1])
    start = time.perf_counter()
    pack = packs.request_build(month=months[-1], user=team).pack
    pack.refresh_from_db()
    took = time.perf_counter() - start
    print(f"built the {INDICATORS}-indicator pack in {took:.1f} s ({pack.status})")
    return months[-1], ids


def prepare(*, keep: bool) -> tuple[str, date, list[int]]:
    """The database's URL, the month of the pack and the indicators' ids."""
    url = existing_database(DATABASE) if keep else None
    if url is None:
        url = fresh_database(DATABASE)
        django_on(url)
        month, ids = make_data()
        analyse(url)
        return url, month, ids
    django_on(url)
    from indicators.models import Indicator

    return url, months_back(MONTHS)[-1], list(Indicator.objects.values_list("pk", flat=True))


def analyse(url: str) -> None:
    """Give the planner statistics, as autovacuum would on a database that has lived a while."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def sign_in(username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{BASE}/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = session.post(
        f"{BASE}/login/", data={"username": username, "password": PASSWORD,
                                "csrfmiddlewaretoken": token}, timeout=10,
    )  # fmt: skip
    response.raise_for_status()
    return session


def pages(month: date, ids: list[int]) -> list[tuple[str, str, str]]:
    """(name, user, path) of each page a virtual user may ask for."""
    return [
        ("worklist", "load-reporter", "/returns/my-month/"),
        ("catalogue", "load-team", "/indicators/"),
        ("catalogue p5", "load-team", "/indicators/?page=5"),
        ("indicator", "load-team", "/indicators/{id}/"),
        ("pack", "load-team", f"/packs/{month:%Y-%m}/v1/"),
        ("packs list", "load-team", "/packs/"),
    ]


def signed_in_users(count: int) -> list[dict[str, requests.Session]]:
    """Each virtual user's sessions, signed in before the clock starts: a sign-in hashes the
    password slowly on purpose, and the target is about the pages, not signing in."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda _: {name: sign_in(name) for name in USERS}, range(count)))


def virtual_user(
    sessions: dict[str, requests.Session],
    deadline: float,
    month,
    ids,
    results,
    errors,
    seed: int,
    think: tuple[float, float],
) -> None:
    rng = random.Random(seed)
    time.sleep(rng.uniform(*think))  # users arrive spread out, not all in the same instant
    while time.perf_counter() < deadline:
        name, user, path = rng.choice(pages(month, ids))
        url = BASE + path.format(id=rng.choice(ids))
        start = time.perf_counter()
        try:
            response = sessions[user].get(url, timeout=30, allow_redirects=False)
            ok = response.status_code == 200
        except requests.RequestException:
            ok = False
        results[name].append(time.perf_counter() - start)
        if not ok:
            errors[name] += 1
        time.sleep(rng.uniform(*think))


def think_range(text: str) -> tuple[float, float]:
    """``A-B`` or ``A``: the bounds of a user's pause between pages, in seconds."""
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--think", default="1-5", help="seconds between a user's pages: A-B or 0")
    parser.add_argument("--keep", action="store_true", help="keep the database, reuse a kept one")
    args = parser.parse_args()
    think = think_range(args.think)
    server = None
    try:
        url, month, ids = prepare(keep=args.keep)
        env = os.environ | {"DATABASE_URL": url, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1"}
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                       cwd=ROOT, env=env, check=True)  # fmt: skip
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kpi_portal.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        for _ in range(60):
            try:
                requests.get(f"{BASE}/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.5)
        results, errors = defaultdict(list), defaultdict(int)
        users = signed_in_users(args.users)
        deadline = time.perf_counter() + args.seconds
        generator_cpu = time.process_time()
        threads = [
            threading.Thread(
                target=virtual_user,
                args=(sessions, deadline, month, ids, results, errors, n, think),
            )
            for n, sessions in enumerate(users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        generator_cpu = time.process_time() - generator_cpu
        every = [t for times in results.values() for t in times]
        if not every:
            sys.exit("No request completed: the server did not answer (is the port in use?).")
        rate = len(every) / args.seconds
        print(
            f"{args.users} users, think time {args.think} s, for {args.seconds} s:"
            f" {len(every):,} requests, {rate:.1f}/s"
        )
        print(f"{'page':<14}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for name, times in sorted(results.items()):
            row = f"{name:<14}{len(times):>9}{statistics.median(times) * 1000:>9.0f}"
            row += f"{percentile(times, 0.95):>9.0f}{percentile(times, 0.99):>9.0f}"
            print(f"{row}{errors[name]:>8}")
        print(f"{'all':<14}{len(every):>9}{statistics.median(every) * 1000:>9.0f}"
              f"{percentile(every, 0.95):>9.0f}{percentile(every, 0.99):>9.0f}"
              f"{sum(errors.values()):>8}")  # fmt: skip
        print(
            f"the load generator itself used {generator_cpu:.0f} of the"
            f" {2 * args.seconds} CPU-seconds the two cores had"
        )
        print("targets: no errors, p95 under 300 ms")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
