-- wrk script for `npm run bench:ingest` (bench/ingest.ts runs it; see docs/benchmarks.md).
-- Arguments after `--`: mode (pagerduty | alertmanager), routing key, run id, open keys (1000),
-- share of new keys (0.2), output file.
-- Each request is one trigger event. With probability `newShare` its dedup key is new: unique per
-- run, thread and request ("n-<run>-<thread>-<counter>"); otherwise one of the `open` keys opened
-- before the run ("o-<i>"). In pagerduty mode every 2xx answer's dedup_key is counted, and done()
-- writes "<dedup key> <2xx count>" lines to the output file, so the benchmark can check afterwards
-- that every acknowledged event is in the database.

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  key = args[2]
  run = args[3]
  open = tonumber(args[4])
  newShare = tonumber(args[5])
  outFile = args[6]
  counter = 0
  acked = {}
  ok = 0
  failed = 0
  math.randomseed(tid * 7919 + os.time())
  if mode == "pagerduty" then
    path = "/v2/enqueue"
  else
    path = "/api/v2/alerts"
  end
  headers = { ["Content-Type"] = "application/json" }
end

local function dedupKey()
  counter = counter + 1
  if math.random() < newShare then
    return "n-" .. run .. "-" .. tid .. "-" .. counter
  end
  return "o-" .. math.random(0, open - 1)
end

function request()
  local dk = dedupKey()
  local body
  if mode == "pagerduty" then
    body = '{"routing_key":"' .. key .. '","event_action":"trigger","dedup_key":"' .. dk ..
      '","payload":{"summary":"Bench event ' .. dk .. '","source":"bench-' .. tid ..
      '","severity":"error","custom_details":{"seq":' .. counter .. '}}}'
  else
    body = '[{"labels":{"alertname":"BenchEvent","service":"bench","dedup_key":"' .. dk ..
      '"},"annotations":{"summary":"Bench event ' .. dk .. '","seq":"' .. counter ..
      '"},"generatorURL":"http://bench.invalid/"}]'
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, _, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    local dk = string.match(body, '"dedup_key":"([^"]+)"')
    if dk then acked[dk] = (acked[dk] or 0) + 1 end
  else
    failed = failed + 1
  end
end

-- Runs in wrk's main Lua state, which has no arguments of its own: ask the first thread.
function done()
  if threads[1]:get("mode") ~= "pagerduty" then return end
  local file = assert(io.open(threads[1]:get("outFile"), "w"))
  for _, thread in ipairs(threads) do
    for dk, n in pairs(thread:get("acked")) do
      file:write(dk, " ", n, "\n")
    end
  end
  file:close()
end
