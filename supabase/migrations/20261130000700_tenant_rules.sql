-- The database, not the app, decides who may reference and write what.
--
-- 1. References stay within one tenant. A foreign key ignores row-level security, so a plain
--    `bots.exchange_key_id -> exchange_keys.id` let a user point their bot at another user's
--    key (which the runner then decrypted). Every reference between user-owned rows now
--    carries the owner too: (ref_id, user_id) -> (id, user_id).
-- 2. Users write only what users may change. Supabase grants ALL on every new public table,
--    function and sequence to anon and authenticated (and a column grant means nothing beside a
--    table-wide one), so everything is revoked first; then the allow-list below is granted,
--    column by column. Everything else is written by service code (service_role).
--    tests/integration/orchestrator/test_isolation.py compares the allow-list with the catalog
--    and tries every column, so a new column is user-writable only once it is listed here.

-- 1. Same-owner references ---------------------------------------------------------------------

alter table public.exchange_keys add constraint exchange_keys_id_user_key unique (id, user_id);
alter table public.strategies add constraint strategies_id_user_key unique (id, user_id);
alter table public.strategy_versions
  add constraint strategy_versions_id_user_key unique (id, user_id);
alter table public.bots add constraint bots_id_user_key unique (id, user_id);
alter table public.invoices add constraint invoices_id_user_key unique (id, user_id);

alter table public.bots
  drop constraint bots_exchange_key_id_fkey,
  add constraint bots_exchange_key_owner_fkey foreign key (exchange_key_id, user_id)
    references public.exchange_keys (id, user_id) on delete set null (exchange_key_id),
  drop constraint bots_strategy_version_id_fkey,
  add constraint bots_strategy_version_owner_fkey foreign key (strategy_version_id, user_id)
    references public.strategy_versions (id, user_id) on delete set null (strategy_version_id);

alter table public.strategy_versions
  drop constraint strategy_versions_strategy_id_fkey,
  add constraint strategy_versions_strategy_owner_fkey foreign key (strategy_id, user_id)
    references public.strategies (id, user_id) on delete cascade,
  drop constraint strategy_versions_migrated_from_fkey,
  add constraint strategy_versions_migrated_from_owner_fkey foreign key (migrated_from, user_id)
    references public.strategy_versions (id, user_id) on delete set null (migrated_from);

alter table public.trades
  drop constraint trades_bot_id_fkey,
  add constraint trades_bot_owner_fkey foreign key (bot_id, user_id)
    references public.bots (id, user_id) on delete cascade;

alter table public.bot_events
  drop constraint bot_events_bot_id_fkey,
  add constraint bot_events_bot_owner_fkey foreign key (bot_id, user_id)
    references public.bots (id, user_id) on delete cascade;

alter table public.backtests
  drop constraint backtests_strategy_version_id_fkey,
  add constraint backtests_strategy_version_owner_fkey foreign key (strategy_version_id, user_id)
    references public.strategy_versions (id, user_id) on delete cascade,
  drop constraint backtests_applied_version_id_fkey,
  add constraint backtests_applied_version_owner_fkey foreign key (applied_version_id, user_id)
    references public.strategy_versions (id, user_id) on delete set null (applied_version_id);

alter table public.generation_requests
  drop constraint generation_requests_strategy_version_id_fkey,
  add constraint generation_requests_strategy_version_owner_fkey
    foreign key (strategy_version_id, user_id)
    references public.strategy_versions (id, user_id) on delete set null (strategy_version_id);

alter table public.subscriptions
  drop constraint subscriptions_invoice_id_fkey,
  add constraint subscriptions_invoice_owner_fkey foreign key (invoice_id, user_id)
    references public.invoices (id, user_id);

-- 2. Privileges ------------------------------------------------------------------------------

-- Not exposed through the API: only the migrating role and service code read it.
create schema if not exists internal;
revoke all on schema internal from public, anon, authenticated;
grant usage on schema internal to service_role;

create table internal.user_writable_columns (
  table_name text not null,
  column_name text not null,
  privilege text not null check (privilege in ('INSERT', 'UPDATE')),
  why text not null,
  primary key (table_name, column_name, privilege)
);
grant select on internal.user_writable_columns to service_role;

insert into internal.user_writable_columns (table_name, column_name, privilege, why) values
  ('users', 'language', 'UPDATE', 'the chat language'),
  ('users', 'alert_level', 'UPDATE', 'which alerts to receive'),
  ('users', 'display_name', 'UPDATE', 'how we address the user'),
  ('users', 'summary_frequency', 'UPDATE', 'the opt-in summary'),
  ('users', 'summary_hour', 'UPDATE', 'the opt-in summary'),
  ('users', 'timezone', 'UPDATE', 'how times are shown'),
  ('users', 'updated_at', 'UPDATE', 'touched with the preferences'),
  ('bots', 'name', 'UPDATE', 'a label'),
  ('bots', 'stake_amount', 'UPDATE', 'the user''s money per trade'),
  ('bots', 'supervisor', 'UPDATE', 'supervisor thresholds'),
  ('bots', 'updated_at', 'UPDATE', 'touched with the above'),
  ('strategies', 'name', 'UPDATE', 'a label'),
  ('strategies', 'updated_at', 'UPDATE', 'touched with the name'),
  ('exchange_keys', 'label', 'UPDATE', 'a label');

do $$
declare
  kind text;
begin
  foreach kind in array array['tables', 'sequences', 'functions'] loop
    execute format('revoke all on all %s in schema public from anon, authenticated', kind);
    -- Objects the migrating role creates later: nothing for the API roles by default.
    execute format(
      'alter default privileges in schema public revoke all on %s from anon, authenticated', kind);
  end loop;
end
$$;
-- Postgres lets PUBLIC execute every new function; ours run for the service only.
revoke execute on all functions in schema public from public;
alter default privileges in schema public revoke execute on functions from public;

-- Reading: plans (to authenticated only; anon gets nothing), and every user table under RLS.
grant select on public.plans to authenticated;
drop policy if exists plans_read on public.plans;
create policy plans_read on public.plans for select to authenticated using (active);
do $$
declare
  t text;
begin
  for t in
    select c.table_name from information_schema.columns c
    join information_schema.tables tb using (table_schema, table_name)
    where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
      and (c.column_name = 'user_id' or c.table_name = 'users')
    group by c.table_name
  loop
    execute format('grant select on public.%I to authenticated', t);
  end loop;
end
$$;

-- Writing: exactly the allow-list, column by column; deleting one's own keys.
do $$
declare
  r record;
begin
  for r in select * from internal.user_writable_columns loop
    execute format('grant %s (%I) on public.%I to authenticated',
                   r.privilege, r.column_name, r.table_name);
  end loop;
end
$$;
grant delete on public.exchange_keys to authenticated;

-- The service role keeps what it had; restated so a fresh Supabase project matches.
grant select, insert, update, delete on all tables in schema public to service_role;
grant usage, select on all sequences in schema public to service_role;
alter default privileges in schema public
  grant select, insert, update, delete on tables to service_role;
alter default privileges in schema public grant usage, select on sequences to service_role;
