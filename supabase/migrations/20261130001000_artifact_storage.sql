-- Artifacts may live in Supabase Storage (orchestrator/artifacts): the row keeps the metadata
-- and a sha256 of the bytes, which every read checks. A row holds its bytes either itself
-- (`content`, the default without Storage) or as an object in a private bucket at
-- `user_id/<kind>/<id>` (`storage_bucket`, `storage_path`), never both.
--
-- Users keep reading their own rows (the grant and policy of 20261124000400). None of the new
-- columns is user-writable: they are not in internal.user_writable_columns, and
-- tests/integration/orchestrator/test_isolation.py checks that.

alter table public.artifacts
  add column storage_bucket text,
  add column storage_path text,
  add column sha256 text,
  add column size_bytes bigint,
  alter column content drop not null;

update public.artifacts set sha256 = encode(sha256(content), 'hex'), size_bytes = length(content);

alter table public.artifacts
  alter column sha256 set not null,
  alter column size_bytes set not null,
  add constraint artifacts_sha256_hex check (sha256 ~ '^[0-9a-f]{64}$'),
  -- Supabase's own upper bound for one object on paid plans.
  add constraint artifacts_size_bytes_check check (size_bytes between 0 and 50 * 1024 * 1024),
  add constraint artifacts_one_place check (
    (content is not null and storage_bucket is null and storage_path is null
      and size_bytes = length(content))
    or (content is null and storage_bucket is not null and storage_path is not null)),
  drop constraint artifacts_kind_check,
  add constraint artifacts_kind_check check (
    kind in ('equity_chart', 'trades_chart', 'hyperopt_chart', 'strategy_code',
             'backtest_report'));
