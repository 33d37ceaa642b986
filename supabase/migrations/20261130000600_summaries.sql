-- Opt-in summaries: once a day or once a week (Mondays), at an hour of the user's own day, a
-- message with each bot's trades, profit and open positions (orchestrator/alerts/summary.py).
--   summary_frequency, summary_hour, timezone: the user's choice ('off' until they opt in).
--   summary_since: when that choice last changed, kept by a trigger (the user cannot set it);
--     a send time before it is not owed, so switching the summary on at 21:00 does not send
--     the 20:00 one at once.
--   summary_sent_period: the last period sent ('daily:2026-11-30', 'weekly:2026-11-30').
--     It is written in the same transaction that queues the alert, under the user's row lock,
--     so a repeated cron run or a second worker finds it set and sends nothing. The alert's
--     dedup_key ('summary:<user>:<period>') guards the outbox as well.
-- The user may change their own choice; only the service records what was sent.

alter table public.users
  add column summary_frequency text not null default 'off'
    check (summary_frequency in ('off', 'daily', 'weekly')),
  add column summary_hour smallint not null default 20
    check (summary_hour between 0 and 23),
  add column summary_since timestamptz,
  add column summary_sent_period text;

alter table public.users
  add column if not exists timezone text not null default 'Asia/Jakarta'
    check (length(timezone) between 1 and 64);

grant update (summary_frequency, summary_hour, timezone) on public.users to authenticated;

create function public.touch_summary_since() returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  new.summary_since := now();
  return new;
end
$$;

create trigger users_summary_since before update of summary_frequency, summary_hour, timezone
  on public.users for each row
  when (old.summary_frequency is distinct from new.summary_frequency
        or old.summary_hour is distinct from new.summary_hour
        or old.timezone is distinct from new.timezone)
  execute function public.touch_summary_since();

-- The cron reads only the users who opted in.
create index users_summary_idx on public.users (summary_frequency)
  where summary_frequency <> 'off';
