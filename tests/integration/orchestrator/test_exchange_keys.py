"""Exchange keys at rest: sealed per owner and row, rotatable, never stored in plaintext."""

from __future__ import annotations

import pytest

from orchestrator.core.errors import ServiceFailure, UserFacingError, VaultError
from orchestrator.db.pool import Database
from orchestrator.keys.store import (
    Credentials,
    delete_key,
    list_keys,
    load_credentials,
    rotate_all,
    store_key,
)
from orchestrator.keys.vault import Vault
from tests.conftest import UserFactory

CREDS = Credentials(api_key="K" * 60 + "WXYZ", secret="S3CRET" + "s" * 58)


def vault_with(*versions: int) -> Vault:
    return Vault({v: bytes([v + 40]) * 32 for v in versions})


async def test_store_list_and_load(db: Database, make_user: UserFactory) -> None:
    user, vault = await make_user(), vault_with(1)
    key_id = await store_key(db, vault, user, "binance", CREDS, label="main")
    listed = await list_keys(db, user)
    assert [(k.id, k.key_hint, k.label) for k in listed] == [(key_id, "••••WXYZ", "main")]
    assert await load_credentials(db, vault, key_id, owner=user) == CREDS
    assert CREDS.secret not in repr(CREDS) and CREDS.api_key not in repr(CREDS)


async def test_no_plaintext_in_table(db: Database, make_user: UserFactory) -> None:
    user = await make_user()
    await store_key(db, vault_with(1), user, "bybit", CREDS)
    async with db.as_service() as conn:
        dump = await conn.fetchval(
            "select string_agg(encode(convert_to(t::text, 'UTF8'), 'escape'), '') "
            "from exchange_keys t where user_id = $1",
            user,
        )
        raw = await conn.fetch("select ciphertext from exchange_keys where user_id = $1", user)
    assert CREDS.secret not in dump and CREDS.api_key not in dump
    assert all(CREDS.secret.encode() not in bytes(r["ciphertext"]) for r in raw)


async def test_ciphertext_copied_to_another_user_fails(
    db: Database, make_user: UserFactory
) -> None:
    alice, mallory, vault = await make_user(), await make_user(), vault_with(1)
    alice_key = await store_key(db, vault, alice, "binance", CREDS)
    mallory_key = await store_key(
        db, vault, mallory, "binance", Credentials(api_key="M" * 64, secret="m" * 64)
    )
    async with db.as_service() as conn:
        await conn.execute(
            "update exchange_keys m set nonce = a.nonce, ciphertext = a.ciphertext"
            " from exchange_keys a where a.id = $1 and m.id = $2",
            alice_key,
            mallory_key,
        )
    with pytest.raises(VaultError):
        await load_credentials(db, vault, mallory_key, owner=mallory)


async def test_another_users_key_is_never_decrypted(
    db: Database, make_user: UserFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """The runner names the bot's owner; a key of anyone else is refused and audited."""
    alice, mallory, vault = await make_user(), await make_user(), vault_with(1)
    alice_key = await store_key(db, vault, alice, "binance", CREDS)
    with pytest.raises(ServiceFailure) as refused:
        await load_credentials(db, vault, alice_key, owner=mallory)
    assert (refused.value.key, refused.value.blame) == ("internal_error", "ours")
    assert any("SECURITY" in r.message and r.levelname == "ERROR" for r in caplog.records)
    assert CREDS.secret not in caplog.text and CREDS.api_key not in caplog.text
    async with db.as_service() as conn:
        actions = await conn.fetch("select action from audit_log where user_id = $1", mallory)
    assert [r["action"] for r in actions] == ["key.owner_mismatch"]


async def test_rotation_reencrypts_everything(db: Database, make_user: UserFactory) -> None:
    old_vault = vault_with(1)
    users = [await make_user() for _ in range(3)]
    ids = [await store_key(db, old_vault, u, "binance", CREDS) for u in users]
    new_vault = vault_with(1, 2)
    assert await rotate_all(db, new_vault) >= 3
    assert await rotate_all(db, new_vault) == 0
    async with db.as_service() as conn:
        versions = await conn.fetch(
            "select key_version from exchange_keys where id = any($1::uuid[])", ids
        )
    assert {r["key_version"] for r in versions} == {2}
    only_new = Vault({2: bytes([42]) * 32})
    for owner, key_id in zip(users, ids, strict=True):
        assert await load_credentials(db, only_new, key_id, owner=owner) == CREDS


async def test_delete_is_scoped_to_owner(db: Database, make_user: UserFactory) -> None:
    alice, bob, vault = await make_user(), await make_user(), vault_with(1)
    key_id = await store_key(db, vault, alice, "binance", CREDS)
    assert not await delete_key(db, bob, key_id)
    assert await delete_key(db, alice, key_id)
    assert await list_keys(db, alice) == []


async def test_a_live_bots_key_goes_only_once_the_bot_is_stopped(
    db: Database, make_user: UserFactory
) -> None:
    user, vault = await make_user(), vault_with(1)
    key_id = await store_key(db, vault, user, "binance", CREDS)
    async with db.as_service() as conn:
        bot = await conn.fetchval(
            "insert into bots (user_id, exchange_key_id, name, exchange, pair, stake_amount,"
            " dry_run, desired_state) values ($1, $2, 'live', 'binance', 'BTC/USDT', 10,"
            " false, 'running') returning id",
            user,
            key_id,
        )
    with pytest.raises(UserFacingError) as refused:
        await delete_key(db, user, key_id)
    assert refused.value.key == "key_in_use"
    async with db.as_service() as conn:
        await conn.execute("update bots set desired_state = 'stopped' where id = $1", bot)
    assert await delete_key(db, user, key_id)
    async with db.as_service() as conn:
        assert await conn.fetchval("select exchange_key_id from bots where id = $1", bot) is None
