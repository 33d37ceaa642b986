-- Applying an optimisation's best parameters makes one new strategy version, once: the run
-- remembers the version it became, written in the same transaction that creates it, so a
-- second press of "Apply" finds it instead of making another. Only the service writes it;
-- users keep reading their runs as before.

alter table public.backtests
  add column applied_version_id uuid references public.strategy_versions (id) on delete set null,
  add constraint backtests_applied_hyperopt_only
    check (applied_version_id is null or kind = 'hyperopt');

create index backtests_applied_version_idx on public.backtests (applied_version_id)
  where applied_version_id is not null;
