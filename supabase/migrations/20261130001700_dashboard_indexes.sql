-- Indexes for the dashboard's pages (issue 14: each page within 50 ms of server time for a
-- user with 50 bots and 10,000 trades; bench/dashboard.py measures it).
--
-- Each index leads with user_id. Pages read as the user under row-level security, so the
-- policy's `user_id = auth.uid()` joins the bot id in the index condition, worked out once,
-- instead of being a filter that parses the JWT claims again on every row.

-- A bot's closed trades, newest first: the paged trades table (LIMIT/OFFSET walk the index),
-- the statistics and profit charts (the index read backwards, oldest first), and the cards'
-- realised profit and closed count (index-only, profit_abs included).
create index if not exists trades_user_bot_closed_idx
  on public.trades (user_id, bot_id, close_date desc nulls last, ft_trade_id desc)
  include (profit_abs)
  where not is_open;

-- A bot's open trades: the cards' open count and stake in positions, the open-trades table.
create index if not exists trades_user_bot_open_idx
  on public.trades (user_id, bot_id, open_date)
  include (stake_amount)
  where is_open;

-- A bot's trades in the order they opened: the CSV export reads them in keyset batches.
create index if not exists trades_user_bot_opened_idx
  on public.trades (user_id, bot_id, open_date, ft_trade_id);

-- The overview's count of warnings and errors of the last 24 hours.
create index if not exists bot_events_user_time_idx
  on public.bot_events (user_id, created_at);

-- The bot page's supervisor decisions (the audit log's target is the bot's id).
create index if not exists audit_log_user_target_idx
  on public.audit_log (user_id, target, created_at desc);
