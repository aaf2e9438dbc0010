/**
 * The Lua side of HoloMUSH's plugin globals (docs/lua.md): the sandbox
 * (what the base library loses), Lua 5.1 names gopher-lua plugins use,
 * `holo.fmt`, `holo.emit`, `holo.comm`, `holomush.*` and the capability
 * globals. Everything that needs the host goes through one bridge function
 * the runtime installs as `__holo_bridge` and this chunk hides at once.
 *
 * Run once per fresh state, before the plugin's chunk.
 */
export const LUA_PRELUDE = String.raw`
local bridge = __holo_bridge
__holo_bridge = nil
local capabilities = __holo_capabilities or {}
__holo_capabilities = nil

-- Sandbox: HoloMUSH removes these from base; string.dump would hand out bytecode.
dofile, loadfile, load, loadstring, require, module = nil, nil, nil, nil, nil, nil
string.dump = nil
collectgarbage = function(opt) if opt == "count" then return 0 end return 0 end

-- Lua 5.1 names (gopher-lua) that 5.4 dropped.
unpack = table.unpack
table.getn = function(t) return #t end
table.maxn = function(t) local n = 0 for k in pairs(t) do if type(k) == "number" and k > n then n = k end end return n end
math.pow = function(x, y) return x ^ y end
math.mod = math.fmod

local type, pairs, ipairs, tostring, error, select = type, pairs, ipairs, tostring, error, select
local sort, concat, insert = table.sort, table.concat, table.insert
local format, rep, byte, gsub = string.format, string.rep, string.byte, string.gsub
local floor = math.floor

-- string.gsub with a function and table.sort with a comparator, in Lua: C's
-- versions call back through a C boundary a coroutine cannot yield across,
-- so a host call that waits on storage (KV, property, history, focus) inside
-- the callback would fail. These yield like any Lua code. Other forms stay C.
local native_gsub, native_sort, find, sub = string.gsub, table.sort, string.find, string.sub
local tointeger, table_unpack = math.tointeger, table.unpack
local function text_arg(v, n, fn)
  if type(v) == "number" then return tostring(v) end
  if type(v) ~= "string" then error(format("bad argument #%d to '%s' (string expected, got %s)", n, fn, type(v)), 3) end
  return v
end
string.gsub = function(s, pattern, repl, max)
  if type(repl) ~= "function" then return native_gsub(s, pattern, repl, max) end
  s, pattern = text_arg(s, 1, "gsub"), text_arg(pattern, 2, "gsub")
  if max ~= nil then
    max = tointeger(max)
    if max == nil then error("bad argument #4 to 'gsub' (number has no integer representation)", 2) end
  end
  local anchored = byte(pattern, 1) == 94
  local len, pos, last, count, out = #s, 1, nil, 0, {}
  while max == nil or count < max do
    local found = { find(s, pattern, pos) }
    local b, e = found[1], found[2]
    if b == nil then break end
    if e < b and b == last then
      -- An empty match right where the previous match ended is no match (Lua 5.4's rule).
      if b > len then break end
      out[#out + 1] = sub(s, pos, b)
      pos = b + 1
    else
      out[#out + 1] = sub(s, pos, b - 1)
      local whole = sub(s, b, e)
      local value
      if found[3] ~= nil then value = repl(table_unpack(found, 3, #found)) else value = repl(whole) end
      count = count + 1
      if not value then out[#out + 1] = whole
      elseif type(value) == "string" or type(value) == "number" then out[#out + 1] = tostring(value)
      else error("invalid replacement value (a " .. type(value) .. ")", 2) end
      pos, last = e + 1, e + 1
    end
    if anchored or pos > len + 1 then break end
  end
  out[#out + 1] = sub(s, pos)
  return concat(out), count
end
-- A stable bottom-up merge sort; without a comparator C's sort is used.
table.sort = function(t, comp)
  if comp == nil then return native_sort(t) end
  if type(t) ~= "table" then error("bad argument #1 to 'sort' (table expected, got " .. type(t) .. ")", 2) end
  if type(comp) ~= "function" then error("bad argument #2 to 'sort' (function expected, got " .. type(comp) .. ")", 2) end
  local n = #t
  if n < 2 then return end
  local a, b = {}, {}
  for i = 1, n do a[i] = t[i] end
  local width = 1
  while width < n do
    for lo = 1, n, 2 * width do
      local mid, hi = lo + width, lo + 2 * width
      if mid > n + 1 then mid = n + 1 end
      if hi > n + 1 then hi = n + 1 end
      local i, j, k = lo, mid, lo
      while i < mid and j < hi do
        if comp(a[j], a[i]) then b[k], j = a[j], j + 1 else b[k], i = a[i], i + 1 end
        k = k + 1
      end
      while i < mid do b[k], i, k = a[i], i + 1, k + 1 end
      while j < hi do b[k], j, k = a[j], j + 1, k + 1 end
    end
    a, b = b, a
    width = width * 2
  end
  for i = 1, n do t[i] = a[i] end
end

-- Requests cross into JS by deep conversion: bound them first, because a JS
-- stack overflow in the middle of a conversion would leave the VM's memory
-- (shared by every state) in an undefined condition.
local MAX_DEPTH, MAX_NODES = 32, 10000
local function bounded(v, depth, seen, what)
  if type(v) ~= "table" then return end
  what = what or "request"
  if depth > MAX_DEPTH then error(what .. " nested deeper than " .. MAX_DEPTH .. " tables", 0) end
  if seen[v] then error(what .. " contains a cycle", 0) end
  seen[v] = true
  seen.n = seen.n + 1
  if seen.n > MAX_NODES then error(what .. " has more than " .. MAX_NODES .. " tables", 0) end
  for k, item in next, v do bounded(k, depth + 1, seen, what) bounded(item, depth + 1, seen, what) end
  seen[v] = nil
end

-- The host calls handlers through this (kept in the registry, out of the
-- plugin's reach): the result is bounded like requests before JS converts it.
__holo_call = function(name, ...)
  local handler = rawget(_G, name)
  if type(handler) ~= "function" then return false end
  local result = handler(...)
  bounded(result, 1, { n = 0 }, "the value " .. name .. " returned")
  return true, result
end

-- A host call: the bridge answers at once or with a promise we await.
local function host(op, a, b, c)
  local seen = { n = 0 }
  bounded(a, 1, seen) bounded(b, 1, seen) bounded(c, 1, seen)
  local r = bridge(op, a, b, c)
  if type(r) == "userdata" then r = r:await() end
  return r
end

print = function(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  host("log", "info", concat(parts, "\t"))
end

-- JSON (keys sorted; a table with an array part, or an empty one, is an array).
local json
local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
local function json_string(s)
  return '"' .. gsub(s, '[%c"\\]', function(c) return escapes[c] or format("\\u%04x", byte(c)) end) .. '"'
end
json = function(v, depth)
  depth = (depth or 0) + 1
  if depth > 64 then error("payload nested too deeply", 0) end
  local t = type(v)
  if v == nil then return "null" end
  if t == "boolean" then return tostring(v) end
  if t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then error("payload holds a non-finite number", 0) end
    if math.type(v) == "integer" then return tostring(v) end
    if v == floor(v) and v > -2^53 and v < 2^53 then return format("%d", v) end
    return format("%.14g", v)
  end
  if t == "string" then return json_string(v) end
  if t == "table" then
    if next(v) == nil or v[1] ~= nil then
      local out = {}
      for i = 1, #v do out[i] = json(v[i], depth) end
      return "[" .. concat(out, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do
      if type(k) ~= "string" then error("payload keys must be strings", 0) end
      keys[#keys + 1] = k
    end
    sort(keys)
    local out = {}
    for i, k in ipairs(keys) do out[i] = json_string(k) .. ":" .. json(v[k], depth) end
    return "{" .. concat(out, ",") .. "}"
  end
  error("payload cannot hold a " .. t, 0)
end

holo = {}

-- holo.fmt: ANSI styling and plain-text layout.
local ESC, RESET = "\27[", "\27[0m"
local function sgr(code, text) text = tostring(text or "") if text == "" then return "" end return ESC .. code .. "m" .. text .. RESET end
local COLORS = { black = 30, red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, white = 37 }
local fmt = {}
fmt.bold = function(t) return sgr(1, t) end
fmt.italic = function(t) return sgr(3, t) end
fmt.dim = function(t) return sgr(2, t) end
fmt.underline = function(t) return sgr(4, t) end
fmt.header = function(t) return sgr(1, t) end
fmt.color = function(name, t) local c = COLORS[name] if not c then return tostring(t or "") end return sgr(c, t) end
fmt.separator = function() return rep("-", 40) end
fmt.list = function(items)
  local out = {}
  for i, item in ipairs(items or {}) do out[i] = "  - " .. tostring(item) end
  return concat(out, "\n")
end
fmt.pairs = function(t)
  local keys = {}
  for k in pairs(t or {}) do keys[#keys + 1] = tostring(k) end
  sort(keys)
  local out = {}
  for i, k in ipairs(keys) do local v = t[k] if v == nil then v = t[tonumber(k)] end out[i] = k .. ": " .. tostring(v) end
  return concat(out, "\n")
end
fmt.table = function(spec)
  spec = spec or {}
  local headers, rows = spec.headers or {}, spec.rows or {}
  local widths = {}
  local function measure(row) for i, cell in ipairs(row) do local n = #tostring(cell) if n > (widths[i] or 0) then widths[i] = n end end end
  measure(headers)
  for _, row in ipairs(rows) do measure(row) end
  local function line(row)
    local cells = {}
    for i = 1, #widths do local cell = tostring(row[i] or "") cells[i] = cell .. rep(" ", widths[i] - #cell) end
    return concat(cells, "  ")
  end
  local out = { line(headers) }
  local dashes = {}
  for i = 1, #widths do dashes[i] = rep("-", widths[i]) end
  out[2] = concat(dashes, "  ")
  for _, row in ipairs(rows) do out[#out + 1] = line(row) end
  return concat(out, "\n")
end
local STYLE_CODES = { h = 1, u = 4, i = 3, d = 2, n = 0 }
local COLOR_CODES = { x = 0, r = 1, g = 2, y = 3, b = 4, m = 5, c = 6, w = 7 }
fmt.parse = function(s)
  s = tostring(s or "")
  s = gsub(s, "%%x(%d%d?%d?)", function(n) return ESC .. "38;5;" .. n .. "m" end)
  s = gsub(s, "%%x(%a)", function(c)
    local lower = c:lower()
    if STYLE_CODES[lower] and c == lower then return ESC .. STYLE_CODES[lower] .. "m" end
    local color = COLOR_CODES[lower]
    if color == nil then return nil end
    if c == lower then return ESC .. (30 + color) .. "m" end
    return ESC .. (90 + color) .. "m"
  end)
  s = gsub(s, "%%([rbt])", { r = "\n", b = " ", t = "    " })
  return s
end
holo.fmt = fmt

-- holo.emit: queue events; flush() hands them over (return them from the handler).
local queue = {}
local function queue_event(subject, event_type, payload, opts)
  if type(event_type) ~= "string" or event_type == "" then error("event type must be a non-empty string", 2) end
  local body = payload
  if type(payload) ~= "string" then body = json(payload or {}) end
  local entry = { subject = subject, type = event_type, payload = body }
  if type(opts) == "table" and opts.sensitive then entry.sensitive = true end
  queue[#queue + 1] = entry
end
holo.emit = {
  location = function(id, t, p, o) queue_event("location." .. tostring(id), t, p, o) end,
  character = function(id, t, p, o) queue_event("character." .. tostring(id), t, p, o) end,
  global = function(t, p, o) queue_event("global", t, p, o) end,
  flush = function() if #queue == 0 then return nil end local out = queue queue = {} return out end,
}

-- holo.comm: communication payloads, zero fields omitted.
local function trim(s) return (tostring(s or ""):match("^%s*(.-)%s*$")) end
local function comm(actor_id, name, text, no_space, ooc_style)
  text = trim(text)
  if text == "" then return "" end
  local out = {}
  if actor_id and actor_id ~= "" then out[#out + 1] = '"actor_id":' .. json_string(actor_id) end
  if name and name ~= "" then out[#out + 1] = '"actor_display_name":' .. json_string(name) end
  out[#out + 1] = '"text":' .. json_string(text)
  if no_space then out[#out + 1] = '"no_space":true' end
  if ooc_style then out[#out + 1] = '"ooc_style":' .. json_string(ooc_style) end
  return "{" .. concat(out, ",") .. "}"
end
holo.comm = {
  say = function(actor_id, name, text) return comm(actor_id, name, text) end,
  pose = function(actor_id, name, invoked_as, text)
    text = trim(text)
    local no_space = invoked_as == ";"
    if not no_space and invoked_as ~= ":" then
      local first = text:sub(1, 1)
      if first == ";" then no_space = true text = text:sub(2) elseif first == ":" then text = text:sub(2) end
    end
    return comm(actor_id, name, text, no_space)
  end,
  ooc = function(actor_id, name, text)
    text = trim(text)
    local first, style = text:sub(1, 1), "say"
    if first == ":" then style, text = "pose", text:sub(2) elseif first == ";" then style, text = "semipose", text:sub(2) end
    return comm(actor_id, name, text, false, style)
  end,
  emit = function(text) return comm(nil, nil, text) end,
}

-- holomush.*
local LEVELS = { debug = true, info = true, warn = true, error = true }
local emit_types = {}
local function pair(r) if r == nil then return nil, "host call failed" end return r.v, r.e end
local function config_get(kind, key, required)
  if type(key) ~= "string" then error("config key must be a string", 3) end
  local r = host("config", kind, key)
  if r.e then error(r.e, 3) end
  if r.v == nil and required then error("config key " .. key .. " is required", 3) end
  return r.v
end
holomush = {
  log = function(level, msg)
    if not LEVELS[level] then error("unknown log level " .. tostring(level) .. " (debug, info, warn, error)", 2) end
    host("log", level, tostring(msg))
  end,
  new_request_id = function() return host("new_request_id") end,
  list_commands = function(character_id) return pair(host("list_commands", character_id)) end,
  get_command_help = function(name, character_id) return pair(host("get_command_help", name, character_id)) end,
  add_session_stream = function(sid, stream) return pair(host("add_session_stream", sid, stream)) end,
  remove_session_stream = function(sid, stream) return pair(host("remove_session_stream", sid, stream)) end,
  query_stream_history = function(req) return pair(host("query_stream_history", req)) end,
  register_emit_type = function(t)
    if type(t) ~= "string" or t == "" then error("emit type must be a non-empty string", 2) end
    emit_types[#emit_types + 1] = t
  end,
  config = {},
}
for _, kind in ipairs({ "string", "int", "bool", "duration" }) do
  holomush.config[kind] = function(key) return config_get(kind, key, false) end
  holomush.config["require_" .. kind] = function(key) return config_get(kind, key, true) end
end
__holo_emit_types = function() return emit_types end
-- A persistent state starts every call with an empty emit queue.
__holo_reset = function() queue = {} end

-- Capability globals: one table per granted token, named by the token itself.
for token, methods in pairs(capabilities) do
  local cap = {}
  for _, method in ipairs(methods) do
    cap[method] = function(req)
      if req == nil then req = {} end
      if type(req) ~= "table" then return nil, "request must be a table, got " .. type(req) end
      return pair(host("capability", token, method, req))
    end
  end
  _G[token] = cap
end
`;
