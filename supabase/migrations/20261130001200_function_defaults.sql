-- Postgres lets PUBLIC execute every new function, and a per-schema default (as in
-- 20261130000700) cannot take that away: only a global default can. Without this, a function a
-- later migration adds would be callable by anon, authenticated and every bot role.
alter default privileges revoke execute on functions from public;
