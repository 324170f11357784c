-- wrk script: each connection waits BENCH_PACE_MS between its requests, so that c connections send about
-- c * 1000 / BENCH_PACE_MS requests per second: a steady load that the reports can keep up with.
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "16")
function delay()
  return pace
end
