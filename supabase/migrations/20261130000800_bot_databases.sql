-- Each bot's Postgres role keeps one password for its lifetime (orchestrator/runner/botdb.py):
-- rotating it at every start fought Supavisor, which caches passwords. The password is sealed
-- with the vault (AES-256-GCM, bound to the bot and role) and only the migrating role, which
-- provisions bot databases, can read the row.
create table internal.bot_database_passwords (
  bot_id uuid primary key references public.bots (id) on delete cascade,
  key_version integer not null,
  nonce bytea not null check (length(nonce) = 12),
  ciphertext bytea not null,
  created_at timestamptz not null default now()
);
revoke all on internal.bot_database_passwords from public, anon, authenticated, service_role;
