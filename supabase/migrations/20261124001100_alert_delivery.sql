-- Delivery bookkeeping for the alert outbox (orchestrator/notify).
--   claimed_at / claimed_by: the lease a sender holds while a row is 'sending'; a stale
--     lease (its sender died) returns the row to 'pending'.
--   message_id: Telegram's id of the delivered message, for later edits.
--   'skipped': alerts the user chose not to receive (alert_level), as opposed to 'dead'.

alter table public.alerts
  add column claimed_at timestamptz,
  add column claimed_by text,
  add column message_id bigint;

alter table public.alerts drop constraint alerts_status_check;
alter table public.alerts add constraint alerts_status_check
  check (status in ('pending', 'sending', 'sent', 'dead', 'skipped'));

-- Each chat's queue head: its oldest alert that is still pending or being sent.
create index alerts_chat_open_idx on public.alerts (chat_id, id)
  where status in ('pending', 'sending');
-- When a chat last received an alert, so any sender keeps the per-chat spacing.
create index alerts_chat_sent_idx on public.alerts (chat_id, sent_at) where status = 'sent';
-- Leases to recover after a sender crash.
create index alerts_sending_idx on public.alerts (claimed_at) where status = 'sending';

-- Wake senders as soon as alerts are queued (they also poll, e.g. behind a pooler).
create function public.notify_alerts_queued() returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  perform pg_notify('nofomo_alerts', '');
  return null;
end
$$;

create trigger alerts_queued after insert on public.alerts
  for each statement execute function public.notify_alerts_queued();
