-- The companion dashboard's ways in: one-time links sent in chat, and sessions (a signed
-- cookie names one row; revoking the row ends the session everywhere at once).

create table if not exists public.dashboard_links (
  id bytea primary key check (length(id) = 16),
  user_id uuid not null references public.users (id) on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index if not exists dashboard_links_user on public.dashboard_links (user_id);

create table if not exists public.dashboard_sessions (
  id bytea primary key check (length(id) = 16),
  user_id uuid not null references public.users (id) on delete cascade,
  via text not null check (via in ('link', 'miniapp')),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create index if not exists dashboard_sessions_user on public.dashboard_sessions (user_id)
  where revoked_at is null;

-- Written by the system only. A user may read their own rows (e.g. to list open sessions);
-- an id alone opens nothing: the signed token's MAC is made with a key only we hold.
alter table public.dashboard_links enable row level security;
alter table public.dashboard_sessions enable row level security;
revoke all on public.dashboard_links, public.dashboard_sessions from anon, authenticated;
grant select on public.dashboard_links, public.dashboard_sessions to authenticated;
create policy dashboard_links_own on public.dashboard_links
  for select to authenticated using (user_id = auth.uid());
create policy dashboard_sessions_own on public.dashboard_sessions
  for select to authenticated using (user_id = auth.uid());
