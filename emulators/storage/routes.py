"""The Storage API routes `storage3` calls, under `/storage/v1`, behind the service-key check.

Every route but a signed-URL fetch needs `apikey: <service key>` (the gateway's check, answered
401 like Kong) and `Authorization: Bearer <service key>` (Storage's own, answered 403).
Errors are `{statusCode, error, message}` with the HTTP status the current API uses.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from aiohttp import web

from emulators.storage import tokens
from emulators.storage.state import JSON, StorageError, StorageState, StoredObject, Upload

API = "/storage/v1"
MAX_UPLOAD = 60 * 1024 * 1024
# No key needed: a signed URL's token is its credential; public objects need none.
_PUBLIC = {"signed-fetch", "public-fetch"}


@dataclass
class Project:
    """What the routes share: the buckets, the service key, and the signing secret."""

    state: StorageState
    service_key: str
    secret: bytes
    requests: deque[str]  # the latest requests, as `METHOD /path`


PROJECT = web.AppKey("project", Project)
_FOLDER: JSON = {
    "id": None,
    "created_at": None,
    "updated_at": None,
    "last_accessed_at": None,
    "metadata": None,
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _refuse(request: web.Request, key: str) -> web.Response | None:
    """Return the gateway's or Storage's refusal when the service key is missing or wrong."""
    apikey = request.headers.get("apikey")
    if not apikey:
        return web.json_response({"message": "No API key found in request"}, status=401)
    if apikey != key:
        return web.json_response({"message": "Invalid API key"}, status=401)
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or token.strip() != key:
        body = StorageError(403, "Unauthorized", "invalid signature").body()
        return web.json_response(body, status=403)
    return None


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Record the request, check the service key, and answer StorageErrors as the API does."""
    project = request.app[PROJECT]
    project.requests.append(f"{request.method} {request.path}")
    if request.match_info.route.name not in _PUBLIC:
        refusal = _refuse(request, project.service_key)
        if refusal is not None:
            return refusal
    try:
        return await handler(request)
    except StorageError as exc:
        return web.json_response(exc.body(), status=exc.status)


async def _json(request: web.Request) -> JSON:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise StorageError(400, "InvalidRequest", "body must be JSON") from None
    if not isinstance(body, dict):
        raise StorageError(400, "InvalidRequest", "body must be an object")
    return body


def _target(request: web.Request) -> tuple[str, str]:
    """Return (bucket, object path), refusing keys the API refuses."""
    path = request.match_info["path"]
    if path.startswith("/") or any(part in ("", ".", "..") for part in path.split("/")):
        raise StorageError(400, "InvalidKey", f"Invalid key: {path}")
    return request.match_info["bucket"], path


async def list_buckets(request: web.Request) -> web.Response:
    """GET /bucket: every bucket."""
    buckets = request.app[PROJECT].state.buckets.values()
    return web.json_response([b.to_api() for b in buckets])


async def get_bucket(request: web.Request) -> web.Response:
    """GET /bucket/{id}: one bucket."""
    return web.json_response(request.app[PROJECT].state.bucket(request.match_info["id"]).to_api())


async def create_bucket(request: web.Request) -> web.Response:
    """POST /bucket: create a bucket (private unless `public`)."""
    made = request.app[PROJECT].state.create_bucket(await _json(request))
    return web.json_response({"name": made.id})


async def _read_upload(request: web.Request) -> Upload:
    """Read a multipart `file` part (as storage3 sends) or a raw body."""
    if request.content_type != "multipart/form-data":
        data = await request.read()
        kind = request.headers.get("Content-Type", "application/octet-stream")
        return Upload(data, kind, request.headers.get("Cache-Control", "3600"))
    form = await request.post()
    part = form.get("file")
    if not isinstance(part, web.FileField):
        raise StorageError(400, "InvalidRequest", "there is no file in the request")
    cache = form.get("cacheControl")
    return Upload(part.file.read(), part.content_type, str(cache) if cache else "3600")


async def upload(request: web.Request) -> web.Response:
    """POST (create, or replace with `x-upsert: true`) or PUT (replace) an object."""
    bucket, path = _target(request)
    if request.method == "PUT":
        mode = "update"
    else:
        upsert = request.headers.get("x-upsert", "false").lower() == "true"
        mode = "upsert" if upsert else "create"
    stored = request.app[PROJECT].state.put(bucket, path, await _read_upload(request), mode=mode)
    return web.json_response({"Id": stored.id, "Key": f"{bucket}/{path}"})


def _serve(stored: StoredObject) -> web.Response:
    headers = {
        "Content-Type": stored.content_type,
        "Cache-Control": f"max-age={stored.cache_control}",
        "ETag": stored.etag(),
    }
    return web.Response(body=stored.data, headers=headers)


async def download(request: web.Request) -> web.Response:
    """GET an object with the service key."""
    return _serve(request.app[PROJECT].state.obj(*_target(request)))


async def info(request: web.Request) -> web.Response:
    """GET /object/info: an object's metadata."""
    bucket, path = _target(request)
    return web.json_response(request.app[PROJECT].state.obj(bucket, path).to_api(bucket))


async def create_signed_url(request: web.Request) -> web.Response:
    """POST /object/sign: a URL that serves the object without a key until it expires."""
    project, (bucket, path) = request.app[PROJECT], _target(request)
    body = await _json(request)
    try:
        expires_in = int(body.get("expiresIn", 0))
    except (TypeError, ValueError):
        expires_in = 0
    if expires_in < 1:
        raise StorageError(400, "InvalidRequest", "expiresIn must be a positive integer")
    project.state.obj(bucket, path)
    token = tokens.sign(project.secret, f"{bucket}/{path}", project.state.clock(), expires_in)
    return web.json_response({"signedURL": f"/object/sign/{bucket}/{quote(path)}?token={token}"})


async def fetch_signed(request: web.Request) -> web.Response:
    """GET /object/sign?token=: the object, for whoever holds an unexpired token."""
    project, (bucket, path) = request.app[PROJECT], _target(request)
    token = request.query.get("token")
    if not token:
        raise StorageError(400, "InvalidRequest", "querystring must have required property 'token'")
    tokens.check(project.secret, token, f"{bucket}/{path}", project.state.clock())
    return _serve(project.state.obj(bucket, path))


async def fetch_public(request: web.Request) -> web.Response:
    """GET /object/public: an object of a public bucket, for anyone; private ones stay hidden."""
    bucket, path = _target(request)
    state = request.app[PROJECT].state
    if not state.bucket(bucket).public:
        raise StorageError(400, "not_found", "Object not found")  # as the API: no hint why
    return _serve(state.obj(bucket, path))


async def remove(request: web.Request) -> web.Response:
    """DELETE /object/{bucket} with `{prefixes}`: delete those objects, list what went."""
    prefixes = (await _json(request)).get("prefixes")
    if not isinstance(prefixes, list) or not all(isinstance(p, str) for p in prefixes):
        raise StorageError(400, "InvalidRequest", "body must have required property 'prefixes'")
    bucket = request.match_info["bucket"]
    return web.json_response(request.app[PROJECT].state.remove(bucket, prefixes))


def _entry(bucket: str, relative: str, stored: StoredObject) -> tuple[str, JSON]:
    """Return the list entry for an object below the prefix: itself, or its folder."""
    name, sep, _ = relative.partition("/")
    if sep:  # a deeper object shows as its folder, which has no id or metadata
        return name, {**_FOLDER, "name": name}
    return name, {**stored.to_api(bucket), "name": name}


async def list_objects(request: web.Request) -> web.Response:
    """POST /object/list/{bucket} with `{prefix, limit, offset}`: files and folders under it."""
    body = await _json(request)
    bucket = request.match_info["bucket"]
    prefix = str(body.get("prefix") or "").strip("/")
    start = f"{prefix}/" if prefix else ""
    found = request.app[PROJECT].state.bucket(bucket).objects
    entries = dict(
        _entry(bucket, path[len(start) :], stored)
        for path, stored in found.items()
        if path.startswith(start)
    )
    offset, limit = int(body.get("offset", 0)), int(body.get("limit", 100))
    names = sorted(entries)[offset : offset + limit]
    return web.json_response([entries[n] for n in names])


def add_routes(app: web.Application) -> None:
    """Register the routes; specific `/object/<verb>/…` paths before the generic ones."""
    obj = f"{API}/object"
    router = app.router
    router.add_get(f"{API}/bucket", list_buckets)
    router.add_post(f"{API}/bucket", create_bucket)
    router.add_get(f"{API}/bucket/{{id}}", get_bucket)
    router.add_post(f"{obj}/sign/{{bucket}}/{{path:.+}}", create_signed_url)
    router.add_get(f"{obj}/sign/{{bucket}}/{{path:.+}}", fetch_signed, name="signed-fetch")
    router.add_get(f"{obj}/public/{{bucket}}/{{path:.+}}", fetch_public, name="public-fetch")
    router.add_post(f"{obj}/list/{{bucket}}", list_objects)
    router.add_get(f"{obj}/info/{{bucket}}/{{path:.+}}", info)
    router.add_get(f"{obj}/authenticated/{{bucket}}/{{path:.+}}", download)
    router.add_get(f"{obj}/{{bucket}}/{{path:.+}}", download)
    router.add_post(f"{obj}/{{bucket}}/{{path:.+}}", upload)
    router.add_put(f"{obj}/{{bucket}}/{{path:.+}}", upload)
    router.add_delete(f"{obj}/{{bucket}}", remove)
