-- GCRA without burst, on Redis's own clock: reserves the next slot of one schedule.
-- KEYS[1]: the schedule's key (its value: the earliest instant of the next slot, in
--          microseconds of Redis's clock).
-- ARGV[1]: the slot spacing, microseconds (> 0).
-- ARGV[2]: the longest wait to reserve, microseconds: a slot further away is not reserved.
-- ARGV[3]: how late a caller may come and still keep the grid, microseconds.
-- Returns {1, wait_us} when a slot `wait_us` from now is reserved, {0, wait_us} when the
-- next slot is further away than ARGV[2] (nothing is changed then).
local interval = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local catch_up = tonumber(ARGV[3])
if not interval or interval <= 0 or not max_wait or not catch_up then
  return redis.error_reply('attio gcra: bad arguments')
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local ready = tonumber(redis.call('GET', KEYS[1]))
-- A caller a little late for the next slot keeps the grid (so the long-run rate is exact);
-- one after an idle gap starts a new grid now, so idle time is never saved up.
local slot = now
if ready and now < ready + math.max(interval, catch_up) then
  slot = ready
end
local wait = math.max(slot - now, 0)
if wait > max_wait then
  return {0, wait}
end
local next_slot = slot + interval
-- The state outlives the last reservation by a second, then expires: a stale schedule
-- never delays a fleet that comes back later.
local ttl_ms = math.ceil((next_slot - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%d', next_slot), 'PX', ttl_ms)
return {1, wait}
