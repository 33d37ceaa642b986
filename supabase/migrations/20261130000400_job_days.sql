-- Backtests and optimisations record how many days of history they cover as a number, not
-- as text such as '30d' that every job parsed back. A value of any other shape becomes null.

alter table public.backtests
  alter column timerange type integer
    using nullif(substring(timerange from '^([0-9]+)d$')::integer, 0);
alter table public.backtests rename column timerange to days;
alter table public.backtests add constraint backtests_days_positive check (days > 0);
