-- Row-level security: a user sees and changes only their own rows, keyed on auth.uid().
-- service_role (bypassrls) serves system jobs; anon gets nothing.

alter table public.plans enable row level security;
create policy plans_read on public.plans for select to authenticated, anon using (active);
grant select on public.plans to anon, authenticated;

alter table public.users enable row level security;
create policy users_self_read on public.users for select to authenticated
  using (id = auth.uid());
create policy users_self_update on public.users for update to authenticated
  using (id = auth.uid()) with check (id = auth.uid());
grant select on public.users to authenticated;
-- Only harmless preferences are user-writable; plan and counters are the system's.
grant update (language, alert_level, display_name, updated_at) on public.users to authenticated;

-- Tables the user fully manages.
do $$
declare
  t text;
begin
  foreach t in array array['exchange_keys', 'strategies', 'strategy_versions', 'bots'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format(
      'create policy %I on public.%I for all to authenticated '
      'using (user_id = auth.uid()) with check (user_id = auth.uid())',
      t || '_owner', t);
    execute format('grant select, insert, update, delete on public.%I to authenticated', t);
  end loop;
end
$$;

-- Tables the system writes and the user may only read.
do $$
declare
  t text;
begin
  foreach t in array array['trades', 'bot_events', 'backtests', 'invoices',
                           'subscriptions', 'alerts', 'audit_log'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format(
      'create policy %I on public.%I for select to authenticated using (user_id = auth.uid())',
      t || '_owner_read', t);
    execute format('grant select on public.%I to authenticated', t);
  end loop;
end
$$;

grant select, insert, update, delete on all tables in schema public to service_role;
grant usage, select on all sequences in schema public to service_role;
