-- Billing with Tripay: yearly prices and custom code on plans, what an invoice bought and how
-- it is paid, callbacks kept as received, and the state a lapsed plan winds down through.

-- Plans: operators edit these in the table; the defaults are the issue's.
alter table public.plans
  add column if not exists price_yearly_idr integer check (price_yearly_idr >= 0),
  add column if not exists custom_code boolean not null default false,
  add column if not exists sort_order integer not null default 0;
-- A year costs ten months (two free) unless an operator already set a price.
update public.plans set price_yearly_idr = price_idr * 10 where price_yearly_idr is null;
alter table public.plans alter column price_yearly_idr set not null;
update public.plans set custom_code = true where code = 'elite';
update public.plans set sort_order = case code when 'free' then 0 when 'pro' then 1
  when 'elite' then 2 else 9 end;

-- Invoices: the plan period bought, the channel, what the customer pays, and how to pay it.
alter table public.invoices
  add column if not exists period text not null default 'monthly'
    check (period in ('monthly', 'yearly')),
  add column if not exists days integer not null default 30 check (days > 0),
  add column if not exists fee_customer_idr integer not null default 0
    check (fee_customer_idr >= 0),
  -- What the customer pays: our price plus the channel's fee for the customer.
  add column if not exists total_idr integer
    generated always as (amount_idr + fee_customer_idr) stored,
  add column if not exists method_name text not null default '',
  add column if not exists qr_string text,
  add column if not exists instructions jsonb not null default '[]'::jsonb,
  -- Two taps on the same "Pay" button carry the same key: one invoice.
  add column if not exists checkout_key text,
  add column if not exists failure_reason text,
  add column if not exists poll_after timestamptz,
  add column if not exists refunded_at timestamptz;
create unique index if not exists invoices_checkout_key
  on public.invoices (user_id, checkout_key) where checkout_key is not null;
-- The poller's query: unpaid invoices whose callback is overdue.
create index if not exists invoices_unpaid_poll
  on public.invoices (poll_after) where status = 'UNPAID';

alter table public.subscriptions drop constraint if exists subscriptions_status_check;
alter table public.subscriptions add constraint subscriptions_status_check
  check (status in ('active', 'expired', 'cancelled', 'refunded'));
alter table public.subscriptions add column if not exists days integer;

-- Every authentic callback as received (raw body), and what it did: Tripay's retries and
-- our answers can be traced, and "stored durably" means this row committed.
create table if not exists public.billing_callbacks (
  id bigint generated always as identity primary key,
  received_at timestamptz not null default now(),
  source text not null check (source in ('callback', 'poll')),
  reference text,
  merchant_ref text,
  reported_status text,
  total_amount bigint,
  invoice_id uuid references public.invoices (id) on delete set null,
  outcome text not null,
  body bytea
);
create index if not exists billing_callbacks_reference on public.billing_callbacks (reference);
-- System only: no user reads or writes it (Supabase's default grants are taken back).
alter table public.billing_callbacks enable row level security;
revoke all on public.billing_callbacks from anon, authenticated;

-- Where a lapsed plan is on its way down (shown in /billing; drives the lifecycle cron).
alter table public.users
  add column if not exists billing_state text not null default 'ok'
    check (billing_state in ('ok', 'grace', 'winding_down')),
  add column if not exists billing_reminded text;
-- A live bot kept after a downgrade only to exit its open positions: it takes no new entry
-- and stops once flat ('notify': tell the user then; 'quiet': it had nothing open).
alter table public.bots
  add column if not exists wind_down text check (wind_down in ('quiet', 'notify'));
