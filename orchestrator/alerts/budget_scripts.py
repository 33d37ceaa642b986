"""The Lua scripts behind the shared flood budget: each runs atomically inside Redis.

Every script starts from `now`: the caller's clock when it passes one (tests), else
Redis' own `TIME`, one clock for every process on every host. Times are stored as
seconds in strings; each key expires a second after the time it holds has passed, so
idle chats leave nothing behind.
"""

from __future__ import annotations

_PRELUDE = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local function at(key)
  return tonumber(redis.call('GET', key)) or now
end
local function keep(key, value)
  local ttl = math.ceil((value - now) * 1000) + 1000
  redis.call('SET', key, string.format('%.6f', value), 'PX', string.format('%d', ttl))
end
local function later(key, value)
  if at(key) < value then keep(key, value) end
end
local function wait(seconds)  -- rounded up, so a wait is never shown as 0
  return string.format('%.6f', math.ceil(seconds * 1000000) / 1000000)
end
"""

# Admit one request now, or say how long to wait and for what; never reserve a slot.
# The buckets are GCRA: a key holds the theoretical arrival time (TAT) of the next send,
# and a send conforms while TAT - now <= its tolerance. Replies get a tolerance (a burst)
# that alerts do not, and alerts must also fit their own, smaller rate: so alerts leave
# headroom that replies take at once, and never queue in front of them.
# KEYS: all, alerts, hold, alerts_hold, chat, chat_hold
# ARGV: now, is_alert, all_step, all_tolerance, alert_step, chat_step, chat_tolerance
TAKE = (
    _PRELUDE
    + """
local alert = ARGV[2] == '1'
local chat_step = tonumber(ARGV[6])
local chat_wait = at(KEYS[6]) - now
if chat_step > 0 then
  chat_wait = math.max(chat_wait, at(KEYS[5]) - tonumber(ARGV[7]) - now)
end
if chat_wait > 0 then return {wait(chat_wait), 'chat'} end
local bot_wait = math.max(at(KEYS[3]), at(KEYS[1]) - tonumber(ARGV[4])) - now
if alert then bot_wait = math.max(bot_wait, at(KEYS[4]) - now, at(KEYS[2]) - now) end
if bot_wait > 0 then return {wait(bot_wait), 'bot'} end
keep(KEYS[1], math.max(at(KEYS[1]), now) + tonumber(ARGV[3]))
if alert then
  -- An alert admitted a little after its slot (the poll's round trip) keeps the slot's
  -- place, so that lateness does not add up and cost the alerts their share.
  local step = tonumber(ARGV[5])
  keep(KEYS[2], math.max(at(KEYS[2]), now - step / 2) + step)
end
if chat_step > 0 then keep(KEYS[5], math.max(at(KEYS[5]), now) + chat_step) end
return {'0', 'none'}
"""
)

# Space the chat's next send from Telegram's answer, which comes after its arrival.
# KEYS: chat; ARGV: now, chat_step
ANSWERED = (
    _PRELUDE
    + """
local step = tonumber(ARGV[2])
if step > 0 then later(KEYS[1], now + step) end
return 0
"""
)

# Hold a key's sends for `seconds` (never shortening a longer hold).
# KEYS: hold; ARGV: now, seconds
HOLD = (
    _PRELUDE
    + """
later(KEYS[1], now + tonumber(ARGV[2]))
return 0
"""
)

# Record a 429: hold the chat, and the whole bot when the request had no chat or when
# `chats` different chats were flooded within `window` seconds (a bot-wide flood).
# KEYS: hold, chat_hold, floods; ARGV: now, seconds, chat ('' for none), window, chats
FLOODED = (
    _PRELUDE
    + """
local till = now + tonumber(ARGV[2])
local window = tonumber(ARGV[4])
local global = ARGV[3] == ''
if not global then
  later(KEYS[2], till)
  redis.call('ZADD', KEYS[3], now, ARGV[3])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. string.format('%.6f', now - window))
  redis.call('PEXPIRE', KEYS[3], string.format('%d', math.ceil(window * 1000) + 1000))
  global = redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[5])
end
if global then later(KEYS[1], till) end
return global and 1 or 0
"""
)
