-- Binary results (charts) produced by jobs and delivered by the chat, plus generation bookkeeping.

create table public.artifacts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  kind text not null check (kind in ('equity_chart', 'trades_chart', 'hyperopt_chart', 'strategy_code')),
  content_type text not null default 'image/png',
  content bytea not null check (length(content) <= 5 * 1024 * 1024),
  ref_id uuid,
  created_at timestamptz not null default now()
);
create index artifacts_user_idx on public.artifacts (user_id);
create index artifacts_ref_idx on public.artifacts (ref_id);

alter table public.artifacts enable row level security;
create policy artifacts_owner_read on public.artifacts for select to authenticated
  using (user_id = auth.uid());
grant select on public.artifacts to authenticated;
grant select, insert, update, delete on public.artifacts to service_role;

-- A generation request is idempotent per request id: a retried job never charges twice.
create table public.generation_requests (
  id uuid primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  prompt text not null check (length(prompt) <= 2000),
  language text not null default 'en',
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  strategy_version_id uuid references public.strategy_versions (id) on delete set null,
  error_key text,
  charged boolean not null default false,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index generation_requests_user_idx on public.generation_requests (user_id);

alter table public.generation_requests enable row level security;
create policy generation_requests_owner_read on public.generation_requests for select
  to authenticated using (user_id = auth.uid());
grant select on public.generation_requests to authenticated;
grant select, insert, update, delete on public.generation_requests to service_role;
