-- wrk script for `npm run bench:monitors` (bench/monitors.ts runs it; see docs/benchmarks.md).
-- Argument after `--`: a file of heartbeat paths (/api/v1/heartbeat/<token>), one a line.
-- Each request is a GET ping of one of them, picked at random per request.

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  math.randomseed(tid * 7919 + os.time())
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
