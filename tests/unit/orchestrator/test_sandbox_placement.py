"""Placement of custom-code bots, the gateway's proxy parsing, and the per-bot uid."""

from __future__ import annotations

import uuid

import pytest

from orchestrator.core.settings import Settings
from orchestrator.runner.dispatch import choose_worker
from orchestrator.runner.gateway import (
    DB_PORT,
    ProxyRequestError,
    allowed_destinations,
    database_target,
    destination,
    exchange_api_urls,
    parse_proxy_head,
    permits,
    route_for,
    sandboxed_db_url,
)
from orchestrator.runner.leases import WorkerRoom
from orchestrator.runner.sandbox import BOT_UID_BASE, BOT_UID_SPAN, bot_uid

ROOMY_NO_SANDBOX = WorkerRoom("roomy", room=10, sandbox=False)
TIGHT_SANDBOX = WorkerRoom("tight", room=2, sandbox=True)


def test_custom_code_goes_only_where_the_sandbox_works() -> None:
    workers = [ROOMY_NO_SANDBOX, TIGHT_SANDBOX]
    assert choose_worker(workers, custom_code=True) == "tight"
    assert choose_worker([ROOMY_NO_SANDBOX], custom_code=True) is None


def test_spec_bots_go_where_there_is_most_room() -> None:
    assert choose_worker([TIGHT_SANDBOX, ROOMY_NO_SANDBOX], custom_code=False) == "roomy"


def test_an_unknown_kind_prefers_a_sandbox_but_still_starts_without_one() -> None:
    assert choose_worker([ROOMY_NO_SANDBOX, TIGHT_SANDBOX], custom_code=None) == "tight"
    assert choose_worker([ROOMY_NO_SANDBOX], custom_code=None) == "roomy"
    assert choose_worker([], custom_code=None) is None


def test_each_bot_has_its_own_stable_uid_apart_from_validation_runs() -> None:
    ids = [uuid.uuid4() for _ in range(200)]
    uids = [bot_uid(i) for i in ids]
    assert uids == [bot_uid(str(i)) for i in ids]  # the same on every start
    assert len(set(uids)) == len(uids)
    assert all(BOT_UID_BASE <= u < BOT_UID_BASE + BOT_UID_SPAN for u in uids)
    assert BOT_UID_BASE > 4_000_000 and BOT_UID_BASE + BOT_UID_SPAN < 2**31


def test_connect_is_parsed_and_needs_a_port() -> None:
    request = parse_proxy_head(
        b"CONNECT api.binance.com:443 HTTP/1.1\r\nHost: api.binance.com:443\r\n\r\n"
    )
    assert (request.method, request.where) == ("CONNECT", ("api.binance.com", 443))
    assert request.upstream_head is None
    with pytest.raises(ProxyRequestError):
        parse_proxy_head(b"CONNECT api.binance.com HTTP/1.1\r\n\r\n")


def test_absolute_requests_go_upstream_alone_in_origin_form_without_proxy_headers() -> None:
    head = (
        b"POST http://127.0.0.1:8082/api/v3/order?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8082\r\n"
        b"Proxy-Authorization: Basic abc\r\nConnection: keep-alive\r\nAccept: */*\r\n"
        b"Content-Length: 12\r\n\r\n"
    )
    request = parse_proxy_head(head)
    assert (request.method, request.where, request.body_length) == (
        "POST",
        ("127.0.0.1", 8082),
        12,
    )
    assert request.upstream_head is not None
    lines = request.upstream_head.decode().split("\r\n")
    assert lines[0] == "POST /api/v3/order?x=1 HTTP/1.1"
    assert "Accept: */*" in lines and "Connection: close" in lines
    assert not [line for line in lines if line.lower().startswith(("proxy-", "connection: k"))]
    chunked = b"POST http://x:80/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    huge = b"POST http://x:80/ HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"
    for bad in (
        b"GET /relative HTTP/1.1\r\n\r\n",
        b"GET https://x:443/ HTTP/1.1\r\n\r\n",
        chunked,
        huge,
    ):
        with pytest.raises(ProxyRequestError):
            parse_proxy_head(bad)


def test_destinations_default_their_port_by_scheme() -> None:
    assert destination("https://API.Binance.com/api/v3") == ("api.binance.com", 443)
    assert destination("wss://stream.binance.com:9443/ws") == ("stream.binance.com", 9443)
    assert destination("http://127.0.0.1:8080") == ("127.0.0.1", 8080)
    assert destination("web:10000") == ("web", 10000)


def test_the_database_is_found_on_its_socket_or_host_and_the_bot_sees_loopback() -> None:
    local = database_target("postgresql://postgres:@/nofomo?host=/run/pg&port=5433")
    assert local.unix_path == "/run/pg/.s.PGSQL.5433"
    remote = database_target("postgresql://u:p@db.internal:6543/nofomo?sslmode=require")
    assert (remote.unix_path, remote.host, remote.port) == (None, "db.internal", 6543)
    url = sandboxed_db_url(
        "postgresql+psycopg://role:pw@/nofomo?host=%2Frun%2Fpg&options=-csearch_path%3Dbot_x"
    )
    assert url == (
        f"postgresql+psycopg://role:pw@127.0.0.1:{DB_PORT}/nofomo?options=-csearch_path%3Dbot_x"
    )


async def test_the_allow_list_names_the_exchange_and_only_this_bots_webhook() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        exchange_mode="emulator",
        exchange_emulator_url="http://127.0.0.1:8082",
        internal_base_url="http://web:10000",
    )
    allowed = await allowed_destinations(settings, "binance", "b1")
    assert set(allowed) == {("127.0.0.1", 8082), ("web", 10000)}
    emulator, hook = ("127.0.0.1", 8082), ("web", 10000)
    assert permits(allowed, "GET", emulator, "http://127.0.0.1:8082/api/v3/ticker")
    assert not permits(allowed, "CONNECT", emulator, "127.0.0.1:8082")  # plain: no tunnel
    assert permits(allowed, "POST", hook, "http://web:10000/hooks/freqtrade/b1/abc123")
    for path in ("/hooks/freqtrade/b2/abc", "/hooks/freqtrade/b1/../../admin", "/health"):
        assert not permits(allowed, "POST", hook, f"http://web:10000{path}"), path
    assert not permits(allowed, "CONNECT", hook, "web:10000")
    assert not permits(allowed, "GET", ("127.0.0.1", 5432), "http://127.0.0.1:5432/")


def test_live_exchanges_are_tunnelled_to_ccxt_hosts_only() -> None:
    urls = exchange_api_urls("binance")
    allowed = {destination(url): route_for(url) for url in urls}
    assert ("api.binance.com", 443) in allowed and ("stream.binance.com", 9443) in allowed
    assert permits(allowed, "CONNECT", ("api.binance.com", 443), "api.binance.com:443")
    assert not permits(allowed, "GET", ("api.binance.com", 443), "http://api.binance.com:443/")
    assert not permits(allowed, "CONNECT", ("evil.example", 443), "evil.example:443")
    assert {host for host, _ in map(destination, exchange_api_urls("bybit"))} >= {"api.bybit.com"}
