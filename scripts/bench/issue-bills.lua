-- wrk script: serves the bills pre-signed by gen-requests.py, each once, and counts answers other than 201.
-- Environment: BENCH_REQ_PREFIX (the generated files), BENCH_WRK_RESULT (where done() writes key=value lines),
-- BENCH_CHECK_STATUS=0 to skip the response() callback (it makes wrk parse every answer into Lua).
local prefix = os.getenv("BENCH_REQ_PREFIX")
local meta = dofile(prefix .. ".meta.lua")
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(prefix .. "." .. tid .. ".dat", "rb"))
  data = f:read("*a")
  f:close()
  n = #data / meta.rec
  idx = 0
  non201 = 0
  wrapped = 0   -- > 0: ran out of pre-signed bills and reused some (replayed nonces: the run is invalid)
  first_err = ""
end

-- Record layout: timestamp(10) signature(44) nonce(32) unitOrderNo(nolen) "\n"
function request()
  if idx >= n then
    idx = 0
    wrapped = wrapped + 1
  end
  local p = idx * meta.rec + 1
  idx = idx + 1
  return meta.h_ts .. data:sub(p, p + 9)
      .. meta.h_sig .. data:sub(p + 10, p + 53)
      .. meta.h_nonce .. data:sub(p + 54, p + 85)
      .. meta.h_body .. data:sub(p + 86, p + 85 + meta.nolen) .. meta.tail
end

if os.getenv("BENCH_CHECK_STATUS") ~= "0" then
  function response(status, headers, body)
    if status ~= 201 then
      non201 = non201 + 1
      if first_err == "" then
        first_err = status .. " " .. string.sub(body or "", 1, 300)
      end
    end
  end
end

function done(summary, latency, requests)
  local non, wrap, err = 0, 0, ""
  for _, t in ipairs(threads) do
    non = non + t:get("non201")
    wrap = wrap + t:get("wrapped")
    local e = t:get("first_err")
    if err == "" and e then err = e end
  end
  local e = summary.errors
  local out = assert(io.open(os.getenv("BENCH_WRK_RESULT"), "w"))
  out:write(string.format("requests=%d\nduration_us=%d\nnon201=%d\nwrapped=%d\n", summary.requests,
    summary.duration, non, wrap))
  out:write(string.format("err_connect=%d\nerr_read=%d\nerr_write=%d\nerr_status=%d\nerr_timeout=%d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
  out:write(string.format("p50_us=%d\np90_us=%d\np99_us=%d\np999_us=%d\nmean_us=%d\nmax_us=%d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.mean, latency.max))
  out:write("first_err=" .. string.gsub(err, "[\r\n]", " ") .. "\n")
  out:close()
end
