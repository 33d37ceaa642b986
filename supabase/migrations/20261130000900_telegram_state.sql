-- The chat's open flows and per-user/per-chat drafts (telegram_bot/persistence.py). They lived in
-- one web process's memory, so a second instance, or any deploy, lost them mid-flow. Every
-- instance now reads them at the start of an update and writes them back at its end.
--
-- Rows are keyed by Telegram ids, not by our users, and only service code touches them: no
-- API role may read or write them (row-level security on, no policies, no grants).
-- Empty entries are never stored: an ended conversation or an emptied draft deletes its row.

create table public.telegram_conversations (
  name text not null,                 -- the ConversationHandler's name
  key text not null,                  -- its conversation key, a JSON array of Telegram ids
  state jsonb not null check (jsonb_typeof(state) in ('number', 'string')),
  updated_at timestamptz not null default now(),
  primary key (name, key)
);
-- One update reads every conversation of its key at once.
create index telegram_conversations_key on public.telegram_conversations (key);

create table public.telegram_data (
  scope text not null check (scope in ('user', 'chat')),
  telegram_id bigint not null,
  data jsonb not null check (jsonb_typeof(data) = 'object' and data <> '{}'::jsonb),
  updated_at timestamptz not null default now(),
  primary key (scope, telegram_id)
);

alter table public.telegram_conversations enable row level security;
alter table public.telegram_data enable row level security;
revoke all on public.telegram_conversations, public.telegram_data from public, anon, authenticated;
grant select, insert, update, delete
  on public.telegram_conversations, public.telegram_data to service_role;
