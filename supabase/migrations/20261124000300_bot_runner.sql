-- Columns the bot runner needs: per-bot webhook secret, fencing token and runtime facts.

alter table public.bots
  add column webhook_secret text,
  add column lease_token bigint,
  add column api_port integer,
  add column started_at timestamptz,
  add column stopped_at timestamptz;

-- Sync bookkeeping: the newest Freqtrade trade state already copied for each bot.
create index trades_bot_open_idx on public.trades (bot_id) where is_open;
