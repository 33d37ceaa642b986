"""Errors the emulator answers with, shaped like each exchange's own error bodies."""

from __future__ import annotations

import time

from aiohttp import web


class ApiError(Exception):
    """An error that becomes an exchange-shaped HTTP response."""

    def response(self) -> web.Response:
        """Render the error as the exchange would."""
        raise NotImplementedError


class BinanceError(ApiError):
    """A Binance error: {"code": -1022, "msg": "..."} with an HTTP status."""

    def __init__(self, code: int, msg: str, status: int = 400) -> None:
        super().__init__(f"{code}: {msg}")
        self.code = code
        self.msg = msg
        self.status = status

    def response(self) -> web.Response:
        """Render {"code", "msg"} with the HTTP status."""
        return web.json_response({"code": self.code, "msg": self.msg}, status=self.status)


class BybitError(ApiError):
    """A Bybit v5 error: HTTP 200 with a non-zero retCode."""

    def __init__(self, ret_code: int, ret_msg: str) -> None:
        super().__init__(f"{ret_code}: {ret_msg}")
        self.ret_code = ret_code
        self.ret_msg = ret_msg

    def response(self) -> web.Response:
        """Render Bybit's envelope with the error code and an empty result."""
        body = {
            "retCode": self.ret_code,
            "retMsg": self.ret_msg,
            "result": {},
            "retExtInfo": {},
            "time": int(time.time() * 1000),
        }
        return web.json_response(body)


def missing(name: str) -> BinanceError:
    """Return Binance's error for a missing mandatory parameter."""
    return BinanceError(
        -1102, f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed."
    )


def invalid_symbol() -> BinanceError:
    """Return Binance's error for an unknown symbol."""
    return BinanceError(-1121, "Invalid symbol.")


def bad_key() -> BinanceError:
    """Return Binance's error for an unknown key, a blocked IP or a missing permission."""
    return BinanceError(-2015, "Invalid API-key, IP, or permissions for action.", status=401)
