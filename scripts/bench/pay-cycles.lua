-- wrk script: payment cycles. Run with as many threads as connections (-tN -cN), so that each thread owns one
-- connection and its requests strictly follow one another: checkout (POST /api/v1/bills/{code}/payments) on a fresh
-- bill, then, with the paymentId from the 201 answer, the payer's pay call to the channel simulator
-- (POST /sim/{alipay|wechat-pay|unionpay}/orders/{paymentId}/pay). The simulator then sends the signed notify to
-- the engine on its own; the bench script reads from the database when the attempt became SUCCEEDED. On UnionPay
-- the payer's browser comes in between, as in the real front consume: it loads the payUrl page
-- (GET /pay/unionpay/{paymentId}) and posts the signed form it carries to UnionPay's front URL (the simulator).
-- A bank counter cycle (BANK_ICBC, BANK_ABC) is one call: the teller (POST /sim/bank/{icbc|abc}/counter-payments)
-- queries the engine and confirms the cash over the signed bank API; it is recorded as a checkout answered 201 when
-- the bank got a confirmation number, and as a pay call (P and Q lines) with the same times.
-- Channels rotate per cycle through BENCH_CHANNELS (default ALIPAY,WECHAT_PAY), each thread starting elsewhere.
--
-- Environment: BENCH_CODES_PREFIX (<prefix>.<thread>.dat from batch-bills.py, one payment code per line),
-- BENCH_REC_PREFIX (each thread writes <prefix>.<thread>.rec), BENCH_WRK_RESULT (done() writes key=value lines).
-- Record lines, times in microseconds since the epoch (CLOCK_REALTIME, the clock the engine stamps rows with):
--   C <code> <channel> <status> <sent> <answered> <paymentId or ->   a checkout and its answer
--   P <paymentId> <sent>                                               a pay call sent (written before the answer)
--   Q <paymentId> <status> <answered>                                  its answer
--   K <code> <sent>                                                    a bank counter call sent (before the answer)
--   X <kind> <id>                                                      a request that got no answer (socket error)
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(0, ts)
  return tonumber(ts.tv_sec) * 1000000 + math.floor(tonumber(ts.tv_nsec) / 1000)
end

local threads = {}
local CODE_REC = 21 -- 20 digits and "\n"
local PAY_PATH = { ALIPAY = "/sim/alipay/orders/%s/pay", WECHAT_PAY = "/sim/wechat-pay/orders/%s/pay",
  UNIONPAY = "/sim/unionpay/orders/%s/pay" }
local COUNTER_PATH = { BANK_ICBC = "/sim/bank/icbc/counter-payments", BANK_ABC = "/sim/bank/abc/counter-payments" }
local JSON = { ["Content-Type"] = "application/json" }
local FORM = { ["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8" }
local CHANNELS = {}
for c in string.gmatch(os.getenv("BENCH_CHANNELS") or "ALIPAY,WECHAT_PAY", "[A-Z_]+") do
  table.insert(CHANNELS, c)
end

local function unescape(html)
  return (html:gsub("&quot;", '"'):gsub("&#39;", "'"):gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&amp;", "&"))
end

local function urlencode(v)
  return (v:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- the signed consume form on the UnionPay payUrl page: where it goes (path only) and its url-encoded body
local function consume_form(html)
  local action = string.match(html, '<form[^>]*action="([^"]+)"')
  if not action then return nil end
  local fields = {}
  for name, value in string.gmatch(html, '<input type="hidden" name="([^"]+)" value="([^"]*)">') do
    table.insert(fields, urlencode(unescape(name)) .. "=" .. urlencode(unescape(value)))
  end
  return string.gsub(unescape(action), "^https?://[^/]+", ""), table.concat(fields, "&")
end

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local prefix = os.getenv("BENCH_CODES_PREFIX")
  local f = assert(io.open(prefix .. "." .. tid .. ".dat", "rb"))
  codes = f:read("*a")
  f:close()
  ncodes = #codes / CODE_REC
  rec = assert(io.open(os.getenv("BENCH_REC_PREFIX") .. "." .. tid .. ".rec", "w"))
  rec:setvbuf("full", 65536)
  idx, cycle = 0, tid % #CHANNELS
  state = "checkout" -- what the next request is
  waiting = nil      -- what was sent and is not answered yet
  bad_checkout, bad_pay, lost, wrapped = 0, 0, 0, 0
  first_err = ""
end

local function note_error(what, status, body)
  if first_err == "" then
    first_err = what .. " " .. status .. " " .. string.sub(body or "", 1, 200)
  end
end

function request()
  if tid == 0 and not verified then -- wrk calls thread 0's request() once to check it, without sending it
    verified = true
    return wrk.format("GET", "/q/health/live")
  end
  if waiting then -- the previous request got no answer (wrk reconnected): the cycle is abandoned
    lost = lost + 1
    rec:write("X ", waiting, " ", (waiting == "checkout" or waiting == "counter") and code or payment_id, "\n")
    note_error("no answer to a", waiting, "")
    state, waiting = "checkout", nil
  end
  if state == "form" then
    waiting = "form"
    return wrk.format("GET", "/pay/unionpay/" .. payment_id)
  end
  if state == "front" then
    waiting = "front"
    return wrk.format("POST", front_path, FORM, front_body)
  end
  if state == "pay" then
    waiting, sent = "pay", now_us()
    rec:write(string.format("P %s %.0f\n", payment_id, sent))
    return wrk.format("POST", string.format(PAY_PATH[channel], payment_id), JSON, "{}")
  end
  if idx >= ncodes then -- out of fresh bills: reuse one (answers 409, the run counts as invalid)
    idx, wrapped = 0, wrapped + 1
  end
  local p = idx * CODE_REC + 1
  code = string.sub(codes, p, p + 19)
  idx, cycle = idx + 1, cycle + 1
  channel = CHANNELS[cycle % #CHANNELS + 1]
  if COUNTER_PATH[channel] then
    waiting, sent = "counter", now_us()
    rec:write(string.format("K %s %.0f\n", code, sent))
    return wrk.format("POST", COUNTER_PATH[channel], JSON, '{"paymentCode":"' .. code .. '"}')
  end
  waiting, sent = "checkout", now_us()
  return wrk.format("POST", "/api/v1/bills/" .. code .. "/payments", JSON, '{"channel":"' .. channel .. '"}')
end

function response(status, headers, body)
  local t = now_us()
  if waiting == "checkout" then
    payment_id = status == 201 and string.match(body, '"paymentId":"([A-Z0-9]+)"') or nil
    rec:write(string.format("C %s %s %d %.0f %.0f %s\n", code, channel, status, sent, t, payment_id or "-"))
    if payment_id then
      state = channel == "UNIONPAY" and "form" or "pay"
    else
      bad_checkout = bad_checkout + 1
      note_error("checkout", status, body)
    end
  elseif waiting == "form" then
    front_path, front_body = nil, nil
    if status == 200 then front_path, front_body = consume_form(body) end
    if front_path then
      state = "front"
    else
      bad_pay = bad_pay + 1
      note_error("payUrl page", status, body)
      state = "checkout"
    end
  elseif waiting == "front" then
    if status == 200 then
      state = "pay"
    else
      bad_pay = bad_pay + 1
      note_error("front consume", status, body)
      state = "checkout"
    end
  elseif waiting == "counter" then
    payment_id = status == 200 and string.match(body, '"confirmationNo":"([A-Z0-9]+)"') or nil
    local ok = payment_id and not string.find(body, '"duplicate":true', 1, true)
    rec:write(string.format("C %s %s %d %.0f %.0f %s\n", code, channel, ok and 201 or status, sent, t,
      payment_id or "-"))
    if ok then
      rec:write(string.format("P %s %.0f\nQ %s 200 %.0f\n", payment_id, sent, payment_id, t))
    else
      bad_checkout = bad_checkout + 1
      note_error("counter payment", status, body)
    end
    state = "checkout"
  elseif waiting == "pay" then
    rec:write(string.format("Q %s %d %.0f\n", payment_id, status, t))
    if status ~= 200 then
      bad_pay = bad_pay + 1
      note_error("pay", status, body)
    end
    state = "checkout"
  end
  waiting = nil
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_WRK_RESULT"), "w"))
  local sums = { bad_checkout = 0, bad_pay = 0, lost = 0, wrapped = 0 }
  local err = ""
  for _, t in ipairs(threads) do
    for k, _ in pairs(sums) do sums[k] = sums[k] + t:get(k) end
    local e = t:get("first_err")
    if err == "" and e then err = e end
  end
  local e = summary.errors
  out:write(string.format("requests=%d\nduration_us=%d\n", summary.requests, summary.duration))
  for k, v in pairs(sums) do out:write(string.format("%s=%d\n", k, v)) end
  out:write(string.format("err_connect=%d\nerr_read=%d\nerr_write=%d\nerr_timeout=%d\n",
    e.connect, e.read, e.write, e.timeout))
  out:write("first_err=" .. string.gsub(err, "[\r\n]", " ") .. "\n")
  out:close()
end
