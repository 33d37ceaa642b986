-- A live bot needs its exchange key only while it is meant to run. Deleting the key of a
-- stopped live bot used to be refused for ever (users cannot delete bots), so the check now
-- binds running and paused live bots only; starting a live bot without a key is refused by
-- the service ("live_needs_keys").
do $$
declare
  found text;
begin
  select conname into found from pg_constraint
  where conrelid = 'public.bots'::regclass and contype = 'c'
    and pg_get_constraintdef(oid) like '%dry_run OR (exchange_key_id IS NOT NULL)%';
  if found is not null then
    execute format('alter table public.bots drop constraint %I', found);
  end if;
end
$$;

alter table public.bots add constraint bots_live_needs_key
  check (dry_run or exchange_key_id is not null or desired_state = 'stopped');
