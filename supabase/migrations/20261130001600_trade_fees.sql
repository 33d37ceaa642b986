-- Fees and stop-loss of each trade, synced from the bot's own Freqtrade tables
-- (orchestrator/runner/tradesync.py), so the dashboard shows them without asking the bot.
--
-- fee_open, fee_close: the fee rates as Freqtrade stores them (0.001 is 0.1%).
-- fee_open_cost, fee_close_cost: the fees paid, in the bot's stake currency; null when
--   Freqtrade has no cost yet or the exchange charged it in another currency.
-- stop_loss: the current stop price; stop_loss_pct: its distance as Freqtrade stores it.
--
-- System columns: written by the sync as service_role only. They are not in
-- internal.user_writable_columns (20261130000700_tenant_rules.sql), so authenticated gets
-- no INSERT or UPDATE on them; the table-wide SELECT it has covers them under RLS.
-- enter_tag already exists (20261124000100_core_schema.sql).

alter table public.trades
  add column if not exists fee_open numeric,
  add column if not exists fee_close numeric,
  add column if not exists fee_open_cost numeric,
  add column if not exists fee_close_cost numeric,
  add column if not exists stop_loss numeric,
  add column if not exists stop_loss_pct numeric;
