-- wrk script: payment cycles. Run with as many threads as connections (-tN -cN), so that each thread owns one
-- connection and its requests strictly follow one another: checkout (POST /api/v1/bills/{code}/payments: wrk, to the
-- engine) on a fresh bill, then, with the paymentId from the 201 answer, the payer's pay call to the channel
-- simulator (POST /sim/{alipay|wechat-pay|unionpay}/orders/{paymentId}/pay). The simulator then sends the signed
-- notify to the engine on its own; the bench script reads from the database when the attempt became SUCCEEDED. On
-- UnionPay the payer's browser comes in between, as in the real front consume: it loads the payUrl page from the
-- engine (GET /pay/unionpay/{paymentId}) and posts the signed form it carries to UnionPay's front URL (the
-- simulator). A bank counter cycle (BANK_ICBC, BANK_ABC) is one call: the teller (POST
-- /sim/bank/{icbc|abc}/counter-payments) queries the engine and confirms the cash over the signed bank API; it is
-- recorded as a checkout answered 201 when the bank got a confirmation number, and as a pay call (P and Q lines)
-- with the same times.
-- Channels rotate per cycle through BENCH_CHANNELS (default ALIPAY,WECHAT_PAY), each thread starting elsewhere.
--
-- The simulators are a process of their own (scripts/bench/lib.sh start_simulators) on another port, and wrk's
-- connections all go to the one host:port it was started with (the engine). So the requests to the simulators (pay
-- call, front consume, counter call) are sent by this script itself, synchronously from request(), over one
-- keep-alive connection per thread to BENCH_SIM_HOST:BENCH_SIM_PORT (a blocking socket through LuaJIT's FFI; no
-- proxy in between). The thread has nothing else to do meanwhile (one connection, one request after the other), so
-- the cycle runs as before; wrk's own figures (requests, latency, socket errors) now cover the engine's requests
-- only. A simulator call without an answer (connection refused or closed, BENCH_SIM_TIMEOUT_S without an answer) is
-- recorded as an X line and counted in lost, like a request to the engine that got no answer. If BENCH_CHANNELS has
-- bank counters only, the engine connection gets a GET /q/health/live after every 100 ms of counter calls: wrk's
-- loop must send something on it now and then, and must run to notice the end of the run.
--
-- Environment: BENCH_CODES_PREFIX (<prefix>.<thread>.dat from batch-bills.py, one payment code per line),
-- BENCH_REC_PREFIX (each thread writes <prefix>.<thread>.rec), BENCH_WRK_RESULT (done() writes key=value lines),
-- BENCH_SIM_PORT (the simulators' port; required), BENCH_SIM_HOST (their IPv4 address, default 127.0.0.1),
-- BENCH_SIM_TIMEOUT_S (default 10, as wrk's --timeout 10s).
-- Record lines, times in microseconds since the epoch (CLOCK_REALTIME, the clock the engine stamps rows with):
--   C <code> <channel> <status> <sent> <answered> <paymentId or ->   a checkout and its answer
--   P <paymentId> <sent>                                               a pay call sent (written before the answer)
--   Q <paymentId> <status> <answered>                                  its answer
--   K <code> <sent>                                                    a bank counter call sent (before the answer)
--   X <kind> <id>                                                      a request that got no answer (socket error)
local ffi = require("ffi")
local bit = require("bit")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
  typedef struct { uint16_t family; uint16_t port; uint8_t addr[4]; uint8_t zero[8]; } bench_sockaddr_in;
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int socket(int domain, int type, int protocol);
  int connect(int fd, const bench_sockaddr_in *addr, uint32_t len);
  int setsockopt(int fd, int level, int name, const void *value, uint32_t len);
  long send(int fd, const char *buf, size_t len, int flags);
  long recv(int fd, char *buf, size_t len, int flags);
  int close(int fd);
  int inet_pton(int af, const char *src, void *dst);
  char *strerror(int errnum);
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
local JSON_TYPE = "application/json"
local FORM_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"
local CHANNELS = {}
local COUNTERS_ONLY = true -- no channel whose cycle has a request to the engine
for c in string.gmatch(os.getenv("BENCH_CHANNELS") or "ALIPAY,WECHAT_PAY", "[A-Z_]+") do
  table.insert(CHANNELS, c)
  if not COUNTER_PATH[c] then COUNTERS_ONLY = false end
end

-- --- the connection to the simulators (Linux constants) -----------------------------------------------------------
local AF_INET, SOCK_STREAM, SOL_SOCKET, SO_RCVTIMEO, SO_SNDTIMEO = 2, 1, 1, 20, 21
local IPPROTO_TCP, TCP_NODELAY, MSG_NOSIGNAL, EINTR, EAGAIN = 6, 1, 0x4000, 4, 11
local SIM_HOST = os.getenv("BENCH_SIM_HOST") or "127.0.0.1"
local SIM_PORT = tonumber(os.getenv("BENCH_SIM_PORT") or "")
local SIM_TIMEOUT_S = tonumber(os.getenv("BENCH_SIM_TIMEOUT_S") or "") or 10
assert(SIM_PORT, "BENCH_SIM_PORT (the simulators' port) is not set")
local SIM_ADDR = ffi.new("bench_sockaddr_in")
SIM_ADDR.family = AF_INET
SIM_ADDR.port = ffi.abi("le") and bit.bor(bit.rshift(SIM_PORT, 8), bit.lshift(bit.band(SIM_PORT, 0xff), 8))
  or SIM_PORT
assert(ffi.C.inet_pton(AF_INET, SIM_HOST, SIM_ADDR.addr) == 1, "BENCH_SIM_HOST must be an IPv4 address: " .. SIM_HOST)
local SIM_HOST_HEADER = SIM_HOST .. ":" .. SIM_PORT
local sim_fd, sim_buf = -1, "" -- the connection, and what was read from it and not used yet
local rbuf = ffi.new("char[?]", 65536)

local function errno_text(what) -- right after the failed call: ffi.errno() is that call's errno
  local e = ffi.errno()
  return what .. ": " .. (e == EAGAIN and ("no answer within " .. SIM_TIMEOUT_S .. " s")
    or ffi.string(ffi.C.strerror(e)))
end

local function sim_close()
  if sim_fd >= 0 then ffi.C.close(sim_fd) end
  sim_fd, sim_buf = -1, ""
end

local function sim_connect()
  local fd = ffi.C.socket(AF_INET, SOCK_STREAM, 0)
  if fd < 0 then return nil, errno_text("socket") end
  local tv = ffi.new("bench_timeval", math.floor(SIM_TIMEOUT_S), math.floor(SIM_TIMEOUT_S % 1 * 1000000))
  local one = ffi.new("int[1]", 1)
  ffi.C.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, ffi.sizeof(tv))
  ffi.C.setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, tv, ffi.sizeof(tv)) -- also bounds connect()
  ffi.C.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, one, ffi.sizeof(one))
  if ffi.C.connect(fd, SIM_ADDR, ffi.sizeof(SIM_ADDR)) ~= 0 then
    local err = errno_text("connect to the simulators at " .. SIM_HOST_HEADER)
    ffi.C.close(fd)
    return nil, err
  end
  sim_fd = fd
  return true
end

local function sim_send(data)
  local p, left = ffi.cast("const char *", data), #data
  while left > 0 do
    local n = tonumber(ffi.C.send(sim_fd, p, left, MSG_NOSIGNAL))
    if n >= 0 then
      p, left = p + n, left - n
    elseif ffi.errno() ~= EINTR then
      return nil, errno_text("send to the simulators")
    end
  end
  return true
end

local function sim_fill() -- reads what has come in (at least one byte) onto sim_buf
  while true do
    local n = tonumber(ffi.C.recv(sim_fd, rbuf, 65536, 0))
    if n > 0 then
      sim_buf = sim_buf .. ffi.string(rbuf, n)
      return true
    end
    if n == 0 then return nil, "the simulators closed the connection" end
    if ffi.errno() ~= EINTR then return nil, errno_text("receive from the simulators") end
  end
end

local function sim_read() -- one HTTP/1.1 answer: status, body (nil, error when there is none)
  local head_end
  while true do
    head_end = string.find(sim_buf, "\r\n\r\n", 1, true)
    if head_end then break end
    local ok, err = sim_fill()
    if not ok then return nil, err end
  end
  local head = string.lower(string.sub(sim_buf, 1, head_end + 1))
  sim_buf = string.sub(sim_buf, head_end + 4)
  local status = tonumber(string.match(head, "^http/1%.%d (%d%d%d)"))
  if not status then return nil, "not an HTTP answer: " .. string.sub(head, 1, 80) end
  local length = tonumber(string.match(head, "\r\ncontent%-length:%s*(%d+)"))
  local close = string.find(head, "\r\nconnection:%s*close") ~= nil
  local body
  if status == 204 or status == 304 then
    body = ""
  elseif string.find(head, "\r\ntransfer%-encoding:[^\r]*chunked") then
    local parts = {}
    while true do
      local progress = false
      local line_end = string.find(sim_buf, "\r\n", 1, true)
      if line_end then
        local size = tonumber(string.match(string.sub(sim_buf, 1, line_end - 1), "^%x+") or "", 16)
        if not size then return nil, "a bad chunk from the simulators" end
        if size == 0 then -- the last chunk, then trailers up to an empty line
          local trailers_end = string.find(sim_buf, "\r\n\r\n", line_end, true)
          if trailers_end then
            sim_buf = string.sub(sim_buf, trailers_end + 4)
            break
          end
        elseif #sim_buf >= line_end + 3 + size then
          parts[#parts + 1] = string.sub(sim_buf, line_end + 2, line_end + 1 + size)
          sim_buf = string.sub(sim_buf, line_end + 4 + size)
          progress = true
        end
      end
      if not progress then
        local ok, err = sim_fill()
        if not ok then return nil, err end
      end
    end
    body = table.concat(parts)
  elseif length then
    while #sim_buf < length do
      local ok, err = sim_fill()
      if not ok then return nil, err end
    end
    body, sim_buf = string.sub(sim_buf, 1, length), string.sub(sim_buf, length + 1)
  else -- neither length nor chunks: the body ends with the connection
    while sim_fill() do end
    body, sim_buf, close = sim_buf, "", true
  end
  if close then sim_close() end
  return status, body
end

-- sim_call METHOD PATH CONTENT_TYPE BODY: status, body of the simulators' answer; nil, error when none came (the
-- connection is then closed, and the next call opens a new one)
local function sim_call(method, path, content_type, body)
  if sim_fd < 0 then
    local ok, err = sim_connect()
    if not ok then return nil, err end
  end
  sim_buf = ""
  local ok, err = sim_send(method .. " " .. path .. " HTTP/1.1\r\nHost: " .. SIM_HOST_HEADER .. "\r\nContent-Type: "
    .. content_type .. "\r\nContent-Length: " .. #body .. "\r\n\r\n" .. body)
  local status, answer
  if ok then status, answer = sim_read() end
  if not status then
    sim_close()
    return nil, err or answer
  end
  return status, answer
end

-- --- the cycles ---------------------------------------------------------------------------------------------------
local function unescape(html)
  return (html:gsub("&quot;", '"'):gsub("&#39;", "'"):gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&amp;", "&"))
end

local function urlencode(v)
  return (v:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- the signed consume form on the UnionPay payUrl page: where it goes (path only: it is sent to the simulators) and
-- its url-encoded body
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
  state = "checkout" -- the cycle's next step
  waiting = nil      -- the request to the engine that was sent and is not answered yet
  bad_checkout, bad_pay, lost, wrapped = 0, 0, 0, 0
  first_err = ""
end

local function note_error(what, status, body)
  if first_err == "" then
    first_err = what .. " " .. status .. " " .. string.sub(body or "", 1, 200)
  end
end

local function sim_lost(kind, id, err) -- a call to the simulators that got no answer
  lost = lost + 1
  rec:write("X ", kind, " ", id, "\n")
  note_error("no answer from the simulators to a", kind, err)
end

-- UnionPay: the payer's browser posts the signed consume form to UnionPay's front URL (the simulators)
local function front()
  local status, body = sim_call("POST", front_path, FORM_TYPE, front_body)
  state = status == 200 and "pay" or "checkout"
  if not status then
    sim_lost("front", payment_id, body)
  elseif status ~= 200 then
    bad_pay = bad_pay + 1
    note_error("front consume", status, body)
  end
end

-- the payer's pay call to the channel's simulator
local function pay()
  rec:write(string.format("P %s %.0f\n", payment_id, now_us()))
  local status, body = sim_call("POST", string.format(PAY_PATH[channel], payment_id), JSON_TYPE, "{}")
  local t = now_us()
  state = "checkout"
  if not status then
    sim_lost("pay", payment_id, body)
    return
  end
  rec:write(string.format("Q %s %d %.0f\n", payment_id, status, t))
  if status ~= 200 then
    bad_pay = bad_pay + 1
    note_error("pay", status, body)
  end
end

-- a bank counter cycle: the teller's call to the bank (the simulators), which queries and confirms at the engine
local function counter()
  local sent = now_us()
  rec:write(string.format("K %s %.0f\n", code, sent))
  local status, body = sim_call("POST", COUNTER_PATH[channel], JSON_TYPE, '{"paymentCode":"' .. code .. '"}')
  local t = now_us()
  if not status then
    sim_lost("counter", code, body)
    return
  end
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
end

-- The steps at the simulators run here, synchronously, until the cycle's next request to the engine, which is
-- returned to wrk
function request()
  if tid == 0 and not verified then -- wrk calls thread 0's request() once to check it, without sending it
    verified = true
    return wrk.format("GET", "/q/health/live")
  end
  if waiting then -- the previous request got no answer (wrk reconnected): the cycle is abandoned
    lost = lost + 1
    rec:write("X ", waiting, " ", waiting == "checkout" and code or payment_id, "\n")
    note_error("no answer to a", waiting, "")
    state, waiting = "checkout", nil
  end
  local slice_end = COUNTERS_ONLY and now_us() + 100000
  while true do
    if state == "form" then
      waiting = "form"
      return wrk.format("GET", "/pay/unionpay/" .. payment_id)
    end
    if state == "front" then front() end
    if state == "pay" then pay() end
    if idx >= ncodes then -- out of fresh bills: reuse one (answers 409, the run counts as invalid)
      idx, wrapped = 0, wrapped + 1
    end
    local p = idx * CODE_REC + 1
    code = string.sub(codes, p, p + 19)
    idx, cycle = idx + 1, cycle + 1
    channel = CHANNELS[cycle % #CHANNELS + 1]
    if not COUNTER_PATH[channel] then
      waiting, sent = "checkout", now_us()
      return wrk.format("POST", "/api/v1/bills/" .. code .. "/payments", JSON, '{"channel":"' .. channel .. '"}')
    end
    counter()
    if COUNTERS_ONLY and now_us() >= slice_end then
      return wrk.format("GET", "/q/health/live") -- see the top: not part of any cycle, its answer is ignored
    end
  end
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
