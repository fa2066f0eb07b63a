-- wrk script: POSTs one XML-RPC call and checks every answer.
-- Environment: CAPAS_BENCH_BODY (request body file), CAPAS_BENCH_CHECK ("sum:N": the ints in the
-- answer add up to N; "members:N": the answer is a struct of N members), CAPAS_BENCH_CLOSE=1 for
-- one connection per call. done() prints "CHECK checked=C wrong=W"; run.py refuses W > 0.
local f = assert(io.open(os.getenv("CAPAS_BENCH_BODY"), "rb"))
local body = f:read("*a")
f:close()
local kind, want = os.getenv("CAPAS_BENCH_CHECK"):match("(%a+):(%-?%d+)")
want = tonumber(want)

wrk.method = "POST"
wrk.path = "/RPC2"
wrk.body = body
wrk.headers["Content-Type"] = "text/xml"
if os.getenv("CAPAS_BENCH_CLOSE") == "1" then
  wrk.headers["Connection"] = "close"
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrong = 0
  checked = 0
end

-- A server answers the same call with the same bytes, so each distinct body is checked once in full
-- (Lua interns strings: the lookup is a hash of the body, not a parse).
local good = {}

function response(status, headers, rbody)
  checked = checked + 1
  if status == 200 and good[rbody] then
    return
  end
  if status ~= 200 or rbody:find("faultCode", 1, true) then
    wrong = wrong + 1
    return
  end
  if kind == "sum" then
    local s = 0
    for v in rbody:gmatch("<i[n48]t?>%s*(%-?%d+)%s*</i") do
      s = s + tonumber(v)
    end
    if s ~= want then wrong = wrong + 1 return end
  elseif kind == "members" then
    local n = 0
    for _ in rbody:gmatch("<member>") do n = n + 1 end
    if n ~= want then wrong = wrong + 1 return end
  end
  good[rbody] = true
end

function done(summary, latency, requests)
  local w, c = 0, 0
  for _, t in ipairs(threads) do
    w = w + t:get("wrong")
    c = c + t:get("checked")
  end
  io.write(string.format("CHECK checked=%d wrong=%d\n", c, w))
  io.write(string.format("LATENCY p50_ms=%.3f p99_ms=%.3f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
