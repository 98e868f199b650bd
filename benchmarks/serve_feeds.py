"""Serve a 2,000-event feed on loopback under a bounded load, beside nginx (not a test).

Publishes a generated plan of about 2,000 events, starts `scheduler serve` and nginx
(serving the same bytes from a file, with sendfile) and a bare ASGI app on uvicorn (the
ceiling for any app on that server) on free loopback ports, and runs
`wrk` against each for a fixed time and number of connections: full responses (200)
and revalidations (If-None-Match, 304). The runs alternate between the two servers for
several rounds and the table shows medians, as other work on the machine shifts the
numbers from one run to the next. Prints a table and writes JSON (every run, its wrk
output, the load average) under `benchmarks/results/` (gitignored). Target: at least
half of nginx's request rate.

    apt-get install -y wrk nginx
    .venv/bin/python benchmarks/serve_feeds.py [--duration 10] [--connections 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from scheduler.pipeline import prepare, schedule_for  # noqa: E402
from scheduler.publish.publisher import publish  # noqa: E402
from scheduler.publish.store import Store  # noqa: E402
from scheduler.solver.params import SolverSettings  # noqa: E402

PLAN_ID = "bench-feeds-2026"
CATEGORIES = ("meeting", "training", "culture", "sport")
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
#: nginx with sendfile; ours; and a bare ASGI app on the same uvicorn (no work at all),
#: the ceiling for anything served by uvicorn on this machine.
SERVERS = ("nginx", "scheduler serve", "uvicorn bare")


def big_plan(activities: int = 38) -> str:
    """Weekly series over 2026 (53 ISO weeks): 38 of them make 2,014 events."""
    lines = [
        "plan:",
        f"  id: {PLAN_ID}",
        "  name: 基准测试工会 2026 年度活动安排",
        "  year: 2026",
        "  calendars: []",
        "  categories: {meeting: 会议, training: 培训, culture: 文化活动, sport: 文体活动}",
        "  reminders: {meeting: 1d, training: [1d, 1h]}",
        "venues:",
        *(f"  - {{id: room{v}, name: 第{v + 1}活动室, capacity: 60}}" for v in range(20)),
        "staff:",
        *(f"  - {{id: s{s}, name: 工作人员{s + 1}号}}" for s in range(20)),
        "groups:",
        "  - {id: all, name: 全体会员, size: 500}",
        *(f"  - {{id: g{g}, name: 第{g + 1}部门, size: 25, part_of: all}}" for g in range(20)),
        "activities:",
    ]
    for a in range(activities):
        start = 8 + (a // 20) * 4
        lines.append(
            f"  - {{id: weekly-{a}, kind: series, title: 第{a + 1}项每周活动,"
            f" category: {CATEGORIES[a % 4]}, every: week, duration: 90m, venue: room{a % 20},"
            f" staff: [s{a % 20}], audience: [g{a % 20}],"
            f" notes: 请提前十分钟到场签到，保持会场安静。,"
            f' when: {{time: "{start}:00-{start + 3}:00"}}}}'
        )
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, tries: int = 300) -> None:
    """Poll until the server answers (bounded: `tries` × 0.1 s)."""
    for _ in range(tries):
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def nginx_config(root: Path, www: Path, port: int) -> Path:
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = root / "nginx-temp"
    temp.mkdir()
    config = root / "nginx.conf"
    config.write_text(
        f"""{user}daemon off;
worker_processes auto;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ text/calendar ics; }}
    charset utf-8;
    charset_types text/calendar;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {www};
    }}
}}
""",
        encoding="utf-8",
    )
    return config


def run_wrk(url: str, args: argparse.Namespace, header: str | None) -> dict:
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections)]
    command += ["-d", f"{args.duration}s", "--latency", "--timeout", "10s", url]
    if header:
        command += ["-H", header]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return {
        "requests_per_second": rate,
        "p99_ms": round(float(p99.group(1)) * UNITS[p99.group(2)], 3),
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
        "wrk": text,
    }


def check(url: str, body: bytes) -> str:
    """The ETag of a correct 200 response, after checking its 304."""
    response = httpx.get(url, headers={"accept-encoding": "identity"})
    if response.status_code != 200 or response.content != body:
        raise RuntimeError(f"{url}: wrong response {response.status_code}")
    etag = response.headers["etag"]
    if httpx.get(url, headers={"if-none-match": etag}).status_code != 304:
        raise RuntimeError(f"{url}: no 304 for its own ETag")
    return etag


def summarise(runs: list[dict]) -> list[dict]:
    """Median requests/s and p99 per server and case, with the spread of the rounds, and
    the median of the per-round ratios to nginx (runs next to each other in time, so that
    a change in the machine's load moves both sides of a ratio alike)."""
    results = []
    nginx = {
        (r["round"], r["case"]): r["requests_per_second"] for r in runs if r["server"] == "nginx"
    }
    for case in ("200", "304"):
        for server in SERVERS:
            mine = [r for r in runs if r["server"] == server and r["case"] == case]
            rates = [r["requests_per_second"] for r in mine]
            ratios = [r["requests_per_second"] / nginx[(r["round"], case)] for r in mine]
            results.append(
                {
                    "server": server,
                    "case": case,
                    "requests_per_second": statistics.median(rates),
                    "requests_per_second_range": [min(rates), max(rates)],
                    "vs_nginx": round(statistics.median(ratios), 3),
                    "p99_ms": statistics.median(r["p99_ms"] for r in mine),
                    "non_2xx_3xx": sum(r["non_2xx_3xx"] for r in mine),
                    "socket_errors": "; ".join(
                        r["socket_errors"] for r in mine if r["socket_errors"]
                    ),
                }
            )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="uvicorn")
    parser.add_argument("--rounds", type=int, default=3, help="runs per server and case")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            print(f"{tool} is missing: apt-get install -y wrk nginx", file=sys.stderr)
            return 2

    root = Path(tempfile.mkdtemp(prefix="serve-feeds-"))
    processes: list[subprocess.Popen] = []
    try:
        plan = root / f"{PLAN_ID}.yaml"
        plan.write_text(big_plan(), encoding="utf-8")
        problem = prepare(plan)
        schedule, _ = schedule_for(problem, SolverSettings())
        db = root / "published.sqlite3"
        publish(schedule, problem.loaded, db, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        store = Store(db, create=False)
        (revision,) = store.current()
        body = next(r.body for r in store.feeds(revision.id) if r.path == "calendar.ics")
        store.close()
        www = root / "www" / PLAN_ID
        www.mkdir(parents=True)
        (www / "calendar.ics").write_bytes(body)
        events = body.count(b"BEGIN:VEVENT")
        print(f"feed: {events} events, {len(body)} bytes; wrk {args.threads} threads,")
        print(f"{args.connections} connections, {args.duration} s per run; {args.workers} workers")

        nginx_port, ours_port = free_port(), free_port()
        config = nginx_config(root, root / "www", nginx_port)
        nginx = subprocess.Popen(["nginx", "-c", str(config), "-e", str(root / "nginx.err")])
        processes.append(nginx)
        ours = subprocess.Popen(
            [sys.executable, "-m", "scheduler", "serve", "--db", str(db)]
            + ["--port", str(ours_port), "--workers", str(args.workers)],
            cwd=ROOT,
        )
        processes.append(ours)
        bare_port = free_port()
        bare = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "bare_asgi:app", "--app-dir", str(HERE)]
            + ["--port", str(bare_port), "--workers", str(args.workers)]
            + ["--log-level", "warning", "--no-access-log"],
            env={**os.environ, "BARE_ASGI_FEED": str(www / "calendar.ics")},
        )
        processes.append(bare)
        urls = {
            "nginx": f"http://127.0.0.1:{nginx_port}/{PLAN_ID}/calendar.ics",
            "scheduler serve": f"http://127.0.0.1:{ours_port}/{PLAN_ID}/calendar.ics",
            "uvicorn bare": f"http://127.0.0.1:{bare_port}/{PLAN_ID}/calendar.ics",
        }
        for name, process in zip(urls, (nginx, ours, bare), strict=True):
            wait_ready(urls[name], process)
        etags = {name: check(url, body) for name, url in urls.items()}

        runs = []
        for round_ in range(args.rounds):
            for case in ("200", "304"):
                for name, url in urls.items():  # alternate: nginx, ours, bare, nginx, …
                    header = f"If-None-Match: {etags[name]}" if case == "304" else None
                    run = run_wrk(url, args, header)
                    runs.append({"round": round_, "server": name, "case": case, **run})
                    runs[-1]["load_average"] = os.getloadavg()
    finally:
        for process in processes:
            process.send_signal(signal.SIGQUIT if process.args[0] == "nginx" else signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)

    results = summarise(runs)
    print("\nmedians of the rounds; vs nginx: median of the per-round ratios")
    print(f"{'server':<16} {'case':<5} {'requests/s':>12} {'p99 ms':>9} {'vs nginx':>9}")
    for r in results:
        ratio = r["vs_nginx"]
        print(
            f"{r['server']:<16} {r['case']:<5} {r['requests_per_second']:>12,.0f}"
            f" {r['p99_ms']:>9.2f} {ratio:>8.0%}"
            + (f"  ({r['non_2xx_3xx']} non-2xx/3xx)" if r["non_2xx_3xx"] else "")
            + (f"  (socket errors: {r['socket_errors']})" if r["socket_errors"] else "")
        )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = out / f"serve_feeds-{stamp}.json"
    record = {
        "when": stamp,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "feed": {"events": events, "bytes": len(body)},
        "load": vars(args),
        "results": results,
        "runs": runs,
    }
    target.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n{target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
