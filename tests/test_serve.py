"""`scheduler serve` through a real HTTP client against a running uvicorn: ETag and 304,
HEAD, gzip, the index, token feeds, and a feed that stays whole while a publish runs."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
import socket
import threading
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from icalendar import Calendar

from scheduler.publish.store import Store
from scheduler.publish.tokens import reset_token
from scheduler.serve.app import create_app
from tests.test_publish import ITEMS, T1, T2, current_feeds, publish_text, vevents

CALENDAR = "text/calendar; charset=utf-8"


class Running:
    """A uvicorn server on a free loopback port, in a background thread."""

    def __init__(self, db: Path):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)  # connections queue from now on, before uvicorn accepts
        self.port = self.sock.getsockname()[1]
        app = create_app(db, recheck=0)  # look for new revisions on every request
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]})

    def __enter__(self) -> Running:
        self.thread.start()
        ready = threading.Event()
        for _ in range(1000):  # bounded: at most ~10 s for the server to start
            if self.server.started or not self.thread.is_alive():
                break
            ready.wait(0.01)
        assert self.server.started, "uvicorn did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def published(tmp_path: Path) -> Path:
    publish_text(tmp_path, ITEMS, T1)
    return tmp_path / "pub.sqlite3"


@pytest.fixture
def client(published: Path) -> Iterator[httpx.Client]:
    with Running(published) as running, httpx.Client(base_url=running.url) as http:
        yield http


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def test_a_feed_is_served_with_etag_and_last_modified(client, published) -> None:
    feeds = current_feeds(published)
    response = client.get("/pub/calendar.ics", headers={"accept-encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["content-type"] == CALENDAR
    assert response.content == feeds["calendar.ics"]
    assert response.headers["etag"] == etag_of(feeds["calendar.ics"])
    assert response.headers["last-modified"] == format_datetime(T1, usegmt=True)
    assert response.headers["content-length"] == str(len(feeds["calendar.ics"]))
    assert "accept-encoding" in response.headers["vary"]
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 4
    venue = client.get("/pub/venue-hall.ics", headers={"accept-encoding": "identity"})
    assert venue.status_code == 200 and venue.content == feeds["feeds/venue-hall.ics"]


def test_conditional_get_gives_304(client) -> None:
    plain = {"accept-encoding": "identity"}
    first = client.get("/pub/calendar.ics", headers=plain)
    etag = first.headers["etag"]
    for tag in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = client.get("/pub/calendar.ics", headers={**plain, "if-none-match": tag})
        assert again.status_code == 304, tag
        assert again.content == b"" and again.headers["etag"] == etag
    assert client.get("/pub/calendar.ics", headers={"if-none-match": '"x"'}).status_code == 200
    since = first.headers["last-modified"]
    assert client.get("/pub/calendar.ics", headers={"if-modified-since": since}).status_code == 304
    earlier = format_datetime(T1 - dt.timedelta(seconds=1), usegmt=True)
    assert (
        client.get("/pub/calendar.ics", headers={"if-modified-since": earlier}).status_code == 200
    )
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    both = {"if-none-match": '"x"', "if-modified-since": since}
    assert client.get("/pub/calendar.ics", headers=both).status_code == 200


def test_head_sends_the_headers_without_the_body(client, published) -> None:
    body = current_feeds(published)["calendar.ics"]
    response = client.head("/pub/calendar.ics", headers={"accept-encoding": "identity"})
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-length"] == str(len(body))
    assert response.headers["etag"] == etag_of(body)
    assert response.headers["content-type"] == CALENDAR


def test_gzip_when_asked(client, published) -> None:
    body = current_feeds(published)["calendar.ics"]
    with client.stream("GET", "/pub/calendar.ics", headers={"accept-encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
        assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
        assert r.headers["content-length"] == str(len(raw)) and len(raw) < len(body)
        etag = r.headers["etag"]
    assert gzip.decompress(raw) == body
    assert etag == etag_of(body)[:-1] + '-gz"'
    again = client.get(
        "/pub/calendar.ics", headers={"accept-encoding": "gzip", "if-none-match": etag}
    )
    assert again.status_code == 304 and again.headers["etag"] == etag
    refused = client.get("/pub/calendar.ics", headers={"accept-encoding": "gzip;q=0, br"})
    assert "content-encoding" not in refused.headers and refused.content == body


def test_the_index_lists_public_feeds_with_webcal_links_and_qr_codes(client, published) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    public = [p for p in current_feeds(published) if "staff-" not in p]
    host = str(client.base_url).removeprefix("http://").rstrip("/")
    for path in public:
        link = f"webcal://{host}/pub/{path.rsplit('/', 1)[-1]}"
        assert f'href="{link}"' in page, link
        assert f"<title>{link}</title>" in page, link  # the QR code's own title
    assert page.count("<svg") == len(public)
    assert "staff-" not in page and "李主席" not in page  # personal feeds stay hidden
    assert "发布测试工会" in page and "报告厅" in page
    assert "版本 1 · 发布时间 2026-01-05 16:00" in page  # T1 in the plan's time zone


def test_staff_feeds_only_behind_their_token(client, published) -> None:
    staff = current_feeds(published)["feeds/staff-li.ics"]
    _, token = reset_token(published, "li")
    response = client.get(f"/-/private/{token}.ics", headers={"accept-encoding": "identity"})
    assert response.status_code == 200 and response.content == staff
    assert response.headers["cache-control"].startswith("private")
    assert client.head(f"/-/private/{token}.ics").status_code == 200
    unknown = client.get("/nothing/here.ics")
    for path in (
        "/pub/staff-li.ics",
        f"/-/private/{token[:-1]}x.ics",
        "/-/private/li.ics",
        f"/-/private/{token}",
    ):
        wrong = client.get(path)
        assert wrong.status_code == 404, path
        assert wrong.content == unknown.content == b"Not Found", path
        assert "etag" not in wrong.headers and "last-modified" not in wrong.headers
    _, newer = reset_token(published, "li")  # the server sees the new token at once
    assert client.get(f"/-/private/{token}.ics").status_code == 404
    assert client.get(f"/-/private/{newer}.ics").content == staff


def test_other_methods_are_refused(client) -> None:
    assert client.post("/pub/calendar.ics").status_code == 405
    assert client.get("/pub/calendar.ics/").status_code == 404


def test_a_feed_stays_whole_while_a_publish_runs(tmp_path: Path, published, monkeypatch) -> None:
    old = current_feeds(published)["calendar.ics"]
    inside, proceed = threading.Event(), threading.Event()
    make_current = Store.make_current

    def paused(self, *args, **kwargs):
        make_current(self, *args, **kwargs)
        inside.set()  # the new revision is written, not committed yet
        assert proceed.wait(timeout=60)

    monkeypatch.setattr(Store, "make_current", paused)
    edited = {k: v for k, v in ITEMS.items() if k != "committee"}
    publisher = threading.Thread(target=publish_text, args=(tmp_path, edited, T2))
    seen: list[bytes] = []
    with Running(published) as running, httpx.Client(base_url=running.url) as http:
        plain = {"accept-encoding": "identity"}
        publisher.start()
        assert inside.wait(timeout=120)
        for _ in range(5):  # during the open transaction: the previous revision, whole
            response = http.get("/pub/calendar.ics", headers=plain)
            assert response.status_code == 200 and response.content == old
        proceed.set()
        while publisher.is_alive():  # and while it commits
            seen.append(http.get("/pub/calendar.ics", headers=plain).content)
        publisher.join()
        response = http.get("/pub/calendar.ics", headers=plain)
    new = current_feeds(published)["calendar.ics"]
    assert new != old and response.content == new
    assert response.headers["etag"] == etag_of(new)
    for body in seen:
        assert body in (old, new)
    gone = vevents(new)["committee@pub"]
    assert b"STATUS:CANCELLED" in gone


def test_concurrent_requests_during_publishes_always_get_a_whole_feed(tmp_path, published):
    feeds = {current_feeds(published)["calendar.ics"]}
    edited = {k: v for k, v in ITEMS.items() if k != "tea"}
    failures: list[str] = []
    done = threading.Event()

    def fetch(url: str) -> None:
        with httpx.Client(base_url=url) as http:
            while not done.is_set():
                r = http.get("/pub/calendar.ics", headers={"accept-encoding": "gzip"})
                if r.status_code != 200 or r.headers["etag"] != etag_of(r.content)[:-1] + '-gz"':
                    failures.append(f"{r.status_code} {r.headers.get('etag')}")
                elif not re.search(rb"END:VCALENDAR\r\n$", r.content):
                    failures.append("truncated")
                else:
                    Calendar.from_ical(r.content)

    with Running(published) as running:
        readers = [threading.Thread(target=fetch, args=(running.url,)) for _ in range(4)]
        for reader in readers:
            reader.start()
        for n, items in enumerate((edited, ITEMS, edited)):
            publish_text(tmp_path, items, T2 + dt.timedelta(days=n))
            feeds.add(current_feeds(published)["calendar.ics"])
        done.set()
        for reader in readers:
            reader.join()
    assert failures == []
    assert len(feeds) == 4


def test_two_plans_in_one_database(tmp_path: Path, published) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "pub.yaml").write_text(
        "plan: {id: second, name: 第二个计划, year: 2026, calendars: []}\n"
        "activities: [{id: x, kind: event, title: 讲座, duration: 1h, fixed: 2026-03-03T10:00}]\n",
        encoding="utf-8",
    )
    from scheduler.pipeline import prepare, schedule_for
    from scheduler.publish.publisher import publish
    from scheduler.solver.params import SolverSettings

    problem = prepare(other / "pub.yaml")
    schedule, _ = schedule_for(problem, SolverSettings())
    publish(schedule, problem.loaded, published, now=T2)
    with Running(published) as running, httpx.Client(base_url=running.url) as http:
        assert http.get("/pub/calendar.ics").status_code == 200
        assert b"SUMMARY:\xe8\xae\xb2\xe5\xba\xa7" in http.get("/second/calendar.ics").content
        page = http.get("/").text
        assert "第二个计划" in page and "发布测试工会" in page
    code_error = None
    try:
        reset_token(published, "li")
    except Exception as error:  # noqa: BLE001 - the message is what is checked
        code_error = str(error)
    assert code_error and "holds 2 plans (pub, second): name one with --plan" in code_error


def test_serve_command_binds_loopback_by_default(cli, published, monkeypatch) -> None:
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    code, _, err = cli("serve", "--db", published)
    assert code == 0, err
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["factory"] is True
    assert calls[0]["app"] == "scheduler.serve.app:app_from_env"
    code, _, err = cli("serve", "--db", published, "--host", "0.0.0.0", "--workers", "2")
    assert code == 0 and calls[1]["host"] == "0.0.0.0" and calls[1]["workers"] == 2


def test_serve_command_needs_a_published_database(cli, tmp_path: Path) -> None:
    code, _, err = cli("serve", "--db", tmp_path / "none.sqlite3")
    assert code == 2 and "no publishing database" in err
    Store(tmp_path / "empty.sqlite3").close()
    code, _, err = cli("serve", "--db", tmp_path / "empty.sqlite3")
    assert code == 2 and "nothing is published yet" in err


def test_the_cache_looks_for_new_revisions_every_recheck_seconds(published, monkeypatch):
    from scheduler.serve import catalogue as module
    from scheduler.serve.catalogue import FeedCache

    clock = [100.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
    cache = FeedCache(published, recheck=1.0)
    try:
        first = cache.current()
        _, token = reset_token(published, "li")  # a commit by another connection
        assert cache.current() is first  # not looked at within the second
        clock[0] += 1.0
        fresh = cache.current()
        assert fresh is not first and fresh.find(f"/-/private/{token}.ics") is not None
        clock[0] += 5.0
        assert cache.current() is fresh  # nothing new: the same catalogue
    finally:
        cache.close()


@pytest.mark.parametrize(
    ("header", "gzip_ok"),
    [
        (b"gzip", True),
        (b"GZIP", True),
        (b"deflate, gzip;q=0.5", True),
        (b"x-gzip", True),
        (b"*", True),
        (b"gzip;q=0", False),
        (b"gzip;q=0.0, identity", False),
        (b"br, identity", False),
        (b"*, gzip;q=0", False),
        (b"identity;q=1, *;q=0.1", True),
        (b"gzip;q=x", False),
        (b"", False),
    ],
)
def test_accept_encoding(header: bytes, gzip_ok: bool) -> None:
    from scheduler.serve.negotiation import accepts_gzip

    assert accepts_gzip(header) is gzip_ok
