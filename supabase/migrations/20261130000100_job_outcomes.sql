-- Every generation, backtest and optimisation ends in a final state with a reason.
--   started_at: when the current attempt claimed the row; a row still 'running' long after
--     its job's timeout belongs to a worker that died, and a cron fails it (with a refund).
--   error_key: the message key the user is shown; blame: whose problem it was
--     ('user': the idea or strategy, say what to change; 'ours': we failed, never charge).

alter table public.generation_requests
  add column started_at timestamptz,
  add column blame text check (blame in ('user', 'ours'));

alter table public.backtests
  add column started_at timestamptz,
  add column error_key text,
  add column blame text check (blame in ('user', 'ours'));

create index generation_requests_open_idx on public.generation_requests (created_at)
  where status in ('queued', 'running');
create index backtests_open_idx on public.backtests (created_at)
  where status in ('queued', 'running');

-- New strategies are judged on at least 1,000 candles (a 4h strategy needs 167 days), so the
-- default plans allow longer windows. Rows an operator already changed are left alone.
update public.plans set backtest_max_days = 180 where code = 'free' and backtest_max_days = 30;
update public.plans set backtest_max_days = 365 where code = 'pro' and backtest_max_days = 180;
update public.plans set backtest_max_days = 730 where code = 'elite' and backtest_max_days = 365;
