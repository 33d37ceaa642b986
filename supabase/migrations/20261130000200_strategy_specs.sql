-- Strategies are data: a version is either a spec our renderer turns into code ('spec'), or
-- code someone else wrote ('custom', which runs only in the sandbox).
-- A spec version's code is never trusted as stored: it is rendered again from `spec` each time
-- it runs, so tampering with `code` (or claiming `kind = 'spec'` with a spec) changes nothing.
-- Versions made before this migration are 'custom': nothing proves who wrote their code.

alter table public.strategy_versions
  add column kind text not null default 'custom' check (kind in ('spec', 'custom')),
  add column spec jsonb,
  add constraint strategy_versions_spec_kind check ((kind = 'spec') = (spec is not null));
