-- wrk script for bench/paced: BENCH_RATE requests per second in all, on a fixed schedule, like browsers following
-- a link each in their own time: each of wrk's threads sends its share at evenly spaced moments, whichever of its
-- connections is free, so an answer's latency does not slow the load down (as a wait after each answer would);
-- only when every connection waits for an answer does the rate fall behind. Every request is a new visitor (wrk
-- keeps no cookies) with a new s2 value and a user agent from a set of common browsers. BENCH_LINK_QUERY is the
-- link's query string, e.g. "a=1&c=1&s1=news"; BENCH_WRK_THREADS must be wrk's -t, so that each thread sends its
-- share (wrk starts a thread before it sets up the next, so a thread cannot learn from setup how many share).
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } timespec;
  int clock_gettime(int clock, timespec *now);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end
local rate = tonumber(os.getenv("BENCH_RATE") or "20000")
-- required: a wrong count sends a multiple or a fraction of the rate asked, with nothing to show for it
local threads = tonumber(os.getenv("BENCH_WRK_THREADS") or error("BENCH_WRK_THREADS (wrk's -t) is not set"))
local query = os.getenv("BENCH_LINK_QUERY") or "a=1&c=1"
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 16_7_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 12; M2101K6G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0",
  "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
}
local counter = 0
-- the next free moment of this thread's schedule, and the time between two of its requests (set in init)
local next_slot = nil
local interval_ms = nil
-- s2 = <run>-<thread>-<counter>: new on every click, in this run and across runs
local run = tostring(os.time())
local set_up = 0

function setup(thread)
  set_up = set_up + 1
  thread:set("prefix", run .. "-" .. set_up)
end

function init(args)
  interval_ms = 1000 * threads / rate
end

function request()
  counter = counter + 1
  local headers = { ["User-Agent"] = agents[counter % #agents + 1] }
  return wrk.format("GET", "/?" .. query .. "&s2=" .. prefix .. "-" .. counter, headers)
end

-- a connection that got its answer waits for the thread's next free moment: at once when the schedule is behind,
-- which it then makes up for, so that the rate asked is the rate sent for as long as connections are free
function delay()
  local now = now_ms()
  if next_slot == nil then
    next_slot = now
  end
  local wait = math.max(0, next_slot - now)
  next_slot = next_slot + interval_ms
  return wait
end
