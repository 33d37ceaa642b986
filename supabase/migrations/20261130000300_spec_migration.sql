-- Versions the offline composer wrote as code are rebuilt as spec versions
-- (orchestrator/spec_migration.py, `nofomo strategy migrate-specs`).
--   migrated_from: the custom version a spec version was rebuilt from. The old version stays
--     as it was; the link is what makes a second run skip it, and its unique index is what
--     stops two concurrent runs from rebuilding one version twice.
-- Only the service sets the link: a user who could write it would hide a version from the
-- migration. Users keep writing every other column exactly as before.

alter table public.strategy_versions
  add column migrated_from uuid references public.strategy_versions (id) on delete set null;

create unique index strategy_versions_migrated_from_idx
  on public.strategy_versions (migrated_from);

-- A table-wide grant would cover the new column too, so it becomes one grant per column.
revoke insert, update on public.strategy_versions from authenticated;
grant insert (id, strategy_id, user_id, version, class_name, code, summary, explanation, pair,
              timeframe, params, validation, created_at, kind, spec)
  on public.strategy_versions to authenticated;
grant update (id, strategy_id, user_id, version, class_name, code, summary, explanation, pair,
              timeframe, params, validation, created_at, kind, spec)
  on public.strategy_versions to authenticated;
