"""Tripay's payment channels, asked for at most once an hour and shared through Redis.

The list changes (channels come and go, fees move), so it is never written down; an hour
is fresh enough and keeps every "Pay" tap from costing a Tripay request.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Final

from arq.connections import ArqRedis

from billing_tripay.channels import Fee, PaymentChannel, parse_channels
from orchestrator.billing.tripay import TripayClient, TripayConfig

TTL_S: Final = 3600


def _key(config: TripayConfig) -> str:
    """Name the cache per Tripay account: sandbox and production lists differ."""
    return f"nofomo:tripay:channels:{config.merchant_code}:{config.base_url}"


async def cached_channels(redis: ArqRedis, config: TripayConfig) -> tuple[PaymentChannel, ...]:
    """Return the channel list from the cache, or from Tripay (then cached for an hour)."""
    raw = await redis.get(_key(config))
    if raw is not None:
        return parse_channels(json.loads(raw))
    async with TripayClient(config) as client:
        channels = await client.channels()
    await redis.set(_key(config), json.dumps([_item(c) for c in channels]), ex=TTL_S)
    return channels


def _item(channel: PaymentChannel) -> dict[str, Any]:
    """Write a channel back in Tripay's own shape, so `parse_channels` reads it again."""
    item = asdict(channel)
    for name in ("fee_merchant", "fee_customer", "total_fee"):
        item[name] = _fee(getattr(channel, name))
    return item


def _fee(fee: Fee) -> dict[str, Any]:
    return {"flat": fee.flat, "percent": str(fee.percent)}
