"""The Storage emulator over plain HTTP: the key checks, error shapes, signed URLs and uploads."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from emulators.storage import StorageEmulator


class Clock:
    """A settable Unix clock for signed-URL expiry."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def emulator(clock: Clock) -> AsyncIterator[StorageEmulator]:
    async with StorageEmulator(clock=clock) as running:
        yield running


@pytest.fixture
async def http(emulator: StorageEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """A client that sends the service key as the supabase clients do."""
    key = emulator.service_key
    headers = {"apikey": key, "Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=emulator.storage_url, headers=headers) as client:
        await client.post("bucket", json={"id": "b", "public": False, "file_size_limit": 10})
        yield client


async def _upload(
    http: httpx.AsyncClient, path: str, data: bytes, **headers: str
) -> httpx.Response:
    files = {"file": ("f", data, "image/png")}
    return await http.post(
        f"object/b/{path}", files=files, data={"cacheControl": "60"}, headers=headers
    )


async def test_the_gateway_wants_the_key_and_storage_wants_it_as_bearer(
    emulator: StorageEmulator,
) -> None:
    key = emulator.service_key
    async with httpx.AsyncClient(base_url=emulator.storage_url) as anyone:
        missing = await anyone.get("bucket")
        wrong = await anyone.get(
            "bucket", headers={"apikey": "nope", "Authorization": f"Bearer {key}"}
        )
        unsigned = await anyone.get(
            "bucket", headers={"apikey": key, "Authorization": "Bearer nope"}
        )
        right = await anyone.get(
            "bucket", headers={"apikey": key, "Authorization": f"Bearer {key}"}
        )
    assert (missing.status_code, missing.json()) == (
        401,
        {"message": "No API key found in request"},
    )
    assert (wrong.status_code, wrong.json()) == (401, {"message": "Invalid API key"})
    assert unsigned.status_code == 403
    assert unsigned.json() == {
        "statusCode": "403",
        "error": "Unauthorized",
        "message": "invalid signature",
    }
    assert right.status_code == 200 and right.json() == []


async def test_uploads_never_overwrite_unless_asked(http: httpx.AsyncClient) -> None:
    first = await _upload(http, "u/1", b"one")
    again = await _upload(http, "u/1", b"two")
    assert first.status_code == 200 and first.json()["Key"] == "b/u/1"
    assert (again.status_code, again.json()["error"]) == (409, "Duplicate")
    assert (await _upload(http, "u/1", b"two", **{"x-upsert": "true"})).status_code == 200
    replaced = await http.put("object/b/u/1", files={"file": ("f", b"three", "image/png")})
    assert replaced.status_code == 200
    served = await http.get("object/b/u/1")
    assert served.content == b"three" and served.headers["content-type"] == "image/png"
    missing = await http.put("object/b/u/2", files={"file": ("f", b"x", "image/png")})
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


async def test_limits_and_bad_keys_are_refused(http: httpx.AsyncClient) -> None:
    too_big = await _upload(http, "u/big", b"x" * 11)
    assert (too_big.status_code, too_big.json()["statusCode"]) == (413, "413")
    dotted = await http.post("object/b/u/%2E%2E/escape", content=b"x")
    assert dotted.status_code == 400 and dotted.json()["error"] == "InvalidKey"
    nowhere = await http.post("object/none/u/1", content=b"x")
    assert nowhere.status_code == 404 and nowhere.json()["error"] == "Bucket not found"
    twice = await http.post("bucket", json={"id": "b"})
    assert twice.status_code == 409


async def test_a_signed_url_works_until_it_expires_and_only_for_its_object(
    http: httpx.AsyncClient, emulator: StorageEmulator, clock: Clock
) -> None:
    await _upload(http, "u/1", b"one")
    await _upload(http, "u/2", b"two")
    signed = await http.post("object/sign/b/u/1", json={"expiresIn": 60})
    relative = signed.json()["signedURL"]
    assert relative.startswith("/object/sign/b/u/1?token=")
    url = emulator.storage_url + relative.lstrip("/")
    token = relative.split("token=")[1]
    async with httpx.AsyncClient() as anyone:
        assert (await anyone.get(url)).content == b"one"
        other = await anyone.get(f"{emulator.storage_url}object/sign/b/u/2?token={token}")
        clock.now += 61
        expired = await anyone.get(url)
    assert other.status_code == 400 and other.json()["error"] == "InvalidSignature"
    assert (expired.status_code, expired.json()["message"]) == (400, "jwt expired")


async def test_remove_reports_what_it_deleted_and_list_shows_what_is_left(
    http: httpx.AsyncClient,
) -> None:
    for path in ("u/a", "u/b", "u/sub/c"):
        await _upload(http, path, b"x")
    removed = await http.request("DELETE", "object/b", json={"prefixes": ["u/a", "u/zzz"]})
    assert [o["name"] for o in removed.json()] == ["u/a"]
    listed = await http.post("object/list/b", json={"prefix": "u", "limit": 10, "offset": 0})
    file, folder = listed.json()
    assert (file["name"], file["metadata"]["size"]) == ("b", 1)
    assert (folder["name"], folder["id"]) == ("sub", None)
