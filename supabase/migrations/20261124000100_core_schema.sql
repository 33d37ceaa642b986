-- Core tables. Every row that belongs to a user carries user_id, which the
-- row-level security policies in the next migration key on auth.uid().

create table public.plans (
  code text primary key,
  name text not null,
  price_idr integer not null check (price_idr >= 0),
  period_days integer not null check (period_days > 0),
  max_bots integer not null,
  max_live_bots integer not null,
  ai_generations_per_month integer not null,
  hyperopt_max_epochs integer not null,
  backtest_max_days integer not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);

insert into public.plans
  (code, name, price_idr, period_days, max_bots, max_live_bots,
   ai_generations_per_month, hyperopt_max_epochs, backtest_max_days)
values
  ('free', 'Free', 0, 36500, 1, 0, 5, 50, 30),
  ('pro', 'Pro', 149000, 30, 5, 2, 100, 300, 180),
  ('elite', 'Elite', 399000, 30, 20, 10, 500, 1000, 365)
on conflict (code) do nothing;

create table public.users (
  id uuid primary key default gen_random_uuid(),
  telegram_id bigint not null unique,
  telegram_username text,
  display_name text,
  language text not null default 'id' check (language in ('id', 'en')),
  plan_code text not null default 'free' references public.plans (code),
  plan_expires_at timestamptz,
  ai_generations_used integer not null default 0 check (ai_generations_used >= 0),
  ai_generations_period date not null default (date_trunc('month', now()))::date,
  alert_level text not null default 'all' check (alert_level in ('all', 'important', 'none')),
  bot_blocked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.exchange_keys (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  exchange text not null check (exchange in ('binance', 'bybit')),
  label text not null default '' check (length(label) <= 64),
  key_hint text not null,
  key_version integer not null,
  nonce bytea not null check (length(nonce) = 12),
  ciphertext bytea not null,
  permissions jsonb not null default '{}'::jsonb,
  ip_restricted boolean not null default false,
  created_at timestamptz not null default now(),
  rotated_at timestamptz
);
create index exchange_keys_user_idx on public.exchange_keys (user_id);

create table public.strategies (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  name text not null,
  current_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, name)
);

create table public.strategy_versions (
  id uuid primary key default gen_random_uuid(),
  strategy_id uuid not null references public.strategies (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  version integer not null check (version > 0),
  class_name text not null,
  code text not null,
  summary text not null default '',
  explanation text not null default '',
  pair text,
  timeframe text,
  params jsonb not null default '{}'::jsonb,
  validation jsonb,
  created_at timestamptz not null default now(),
  unique (strategy_id, version)
);
create index strategy_versions_user_idx on public.strategy_versions (user_id);

create table public.bots (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  strategy_version_id uuid references public.strategy_versions (id) on delete set null,
  exchange_key_id uuid references public.exchange_keys (id) on delete set null,
  name text not null,
  exchange text not null check (exchange in ('binance', 'bybit')),
  pair text not null,
  timeframe text not null default '5m',
  stake_amount numeric(20, 8) not null check (stake_amount > 0),
  stake_currency text not null default 'USDT',
  dry_run boolean not null default true,
  desired_state text not null default 'stopped'
    check (desired_state in ('running', 'paused', 'stopped')),
  status text not null default 'stopped'
    check (status in ('stopped', 'starting', 'running', 'paused', 'stopping', 'failed')),
  worker text,
  failure_reason text,
  restart_count integer not null default 0,
  supervisor jsonb not null default '{"warn_streak": 3, "pause_streak": 5, "max_drawdown_pct": 10}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (dry_run or exchange_key_id is not null)
);
create index bots_user_idx on public.bots (user_id);
-- At most one active bot per user, exchange and pair: the database enforces it.
create unique index bots_one_active_per_pair
  on public.bots (user_id, exchange, pair)
  where desired_state <> 'stopped';

create table public.trades (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  bot_id uuid not null references public.bots (id) on delete cascade,
  ft_trade_id integer not null,
  pair text not null,
  is_open boolean not null,
  is_short boolean not null default false,
  amount numeric(30, 12) not null,
  stake_amount numeric(30, 12) not null,
  open_rate numeric(30, 12) not null,
  close_rate numeric(30, 12),
  open_date timestamptz not null,
  close_date timestamptz,
  profit_abs numeric(30, 12),
  profit_ratio numeric(20, 10),
  exit_reason text,
  enter_tag text,
  updated_at timestamptz not null default now(),
  unique (bot_id, ft_trade_id)
);
create index trades_user_idx on public.trades (user_id);

create table public.bot_events (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  bot_id uuid references public.bots (id) on delete cascade,
  kind text not null,
  level text not null default 'info' check (level in ('debug', 'info', 'warning', 'error')),
  message text not null default '',
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index bot_events_bot_idx on public.bot_events (bot_id, created_at desc);
create index bot_events_user_idx on public.bot_events (user_id);

create table public.backtests (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  strategy_version_id uuid references public.strategy_versions (id) on delete cascade,
  kind text not null default 'backtest' check (kind in ('backtest', 'hyperopt', 'lookahead')),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  timerange text,
  results jsonb,
  error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index backtests_user_idx on public.backtests (user_id);

create table public.invoices (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  plan_code text not null references public.plans (code),
  merchant_ref text not null unique,
  tripay_reference text unique,
  method text not null,
  amount_idr integer not null check (amount_idr > 0),
  status text not null default 'UNPAID'
    check (status in ('UNPAID', 'PAID', 'FAILED', 'EXPIRED', 'REFUND')),
  checkout_url text,
  pay_code text,
  expires_at timestamptz,
  paid_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index invoices_user_idx on public.invoices (user_id);

create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  plan_code text not null references public.plans (code),
  invoice_id uuid unique references public.invoices (id),
  status text not null default 'active' check (status in ('active', 'expired', 'cancelled')),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index subscriptions_user_idx on public.subscriptions (user_id);

-- The outbox every push alert goes through; dedup_key makes producers idempotent.
create table public.alerts (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  chat_id bigint not null,
  kind text not null,
  payload jsonb not null default '{}'::jsonb,
  dedup_key text unique,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index alerts_pending_idx on public.alerts (next_attempt_at, id) where status = 'pending';
create index alerts_user_idx on public.alerts (user_id);

create table public.audit_log (
  id bigint generated always as identity primary key,
  user_id uuid references public.users (id) on delete set null,
  actor text not null,
  action text not null,
  target text,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_user_idx on public.audit_log (user_id);
