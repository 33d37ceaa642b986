-- Which vault keys this deployment encrypts with (orchestrator/keys/fingerprint.py). Web and
-- worker each read VAULT_KEYS; a process whose keys differ from these refuses to start, instead
-- of failing later when a live bot cannot decrypt its exchange key. A fingerprint is
-- HMAC-SHA256(key, fixed label): it names a key without revealing it.
create table internal.vault_key_fingerprints (
  version integer primary key check (version >= 0),
  fingerprint text not null check (fingerprint ~ '^[0-9a-f]{64}$'),
  recorded_at timestamptz not null default now()
);
revoke all on internal.vault_key_fingerprints from public, anon, authenticated;
grant select, insert on internal.vault_key_fingerprints to service_role;
