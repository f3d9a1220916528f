/**
 * The Lua side of the UDF runtime: the server's Lua API (`list`, `map`, `bytes`, `geojson`,
 * `record`, `aerospike`, the logging functions and the stream operations of aggregations),
 * written for aerolite from the behaviour of a CE 8.1 node. Lists, maps, bytes, GeoJSON and
 * records are userdata (as on a node, `type(v)` is "userdata") whose contents live in a Lua table
 * kept as the userdata's user value. Map keys are kept in the server's key order. The chunk
 * receives the host function and the userdata maker from `vm.ts`.
 * @module
 */

/** The prelude's source. */
export const PRELUDE_LUA: string = String.raw`
local H, newud = ...
local getuv, mtype, tsort, tinsert, tremove = debug.getuservalue, math.type, table.sort, table.insert, table.remove
local spack, sunpack, schar, sbyte, sformat = string.pack, string.unpack, string.char, string.byte, string.format
local function B(u) return (getuv(u, 1)) end

List, Map, Bytes, GeoJSON, Record = { __name = "List" }, { __name = "Map" }, { __name = "Bytes" }, { __name = "GeoJSON" }, { __name = "Record" }
local KIND = { [List] = "list", [Map] = "map", [Bytes] = "bytes", [GeoJSON] = "geo", [Record] = "rec" }
local function kind(v)
  if type(v) ~= "userdata" then return nil end
  return KIND[getmetatable(v)]
end

-- What a node can hold: nil, booleans, numbers, strings and the boxes above (records and plain
-- tables cannot be stored: they read as "no value").
local function storable(v)
  local t = type(v)
  if t == "nil" or t == "boolean" or t == "number" or t == "string" then return true end
  local k = kind(v)
  return k ~= nil and k ~= "rec"
end

-- Map keys in the server's order: integers, then strings, then bytes (byte-wise).
local KRANK = { integer = 1, string = 2, bytes = 3 }
local function krank(k)
  if mtype(k) == "integer" then return 1 end
  if type(k) == "string" then return 2 end
  if kind(k) == "bytes" then return 3 end
  return nil
end
local function bstr(b) local t = B(b); local p = {}; for i = 1, t.n do p[i] = schar(t[i]) end; return table.concat(p) end
local function kcmp(a, b)
  local ra, rb = krank(a), krank(b)
  if ra ~= rb then return ra < rb and -1 or 1 end
  if ra == 3 then
    local sa, sb = bstr(a), bstr(b)
    if #sa ~= #sb then return #sa < #sb and -1 or 1 end
    a, b = sa, sb
  end
  if a == b then return 0 end
  return a < b and -1 or 1
end
local function mfind(t, k)
  local lo, hi = 1, t.n
  while lo <= hi do
    local mid = (lo + hi) // 2
    local c = kcmp(t.k[mid], k)
    if c == 0 then return mid, true end
    if c < 0 then lo = mid + 1 else hi = mid - 1 end
  end
  return lo, false
end
local function mset(t, k, v)
  local i, found = mfind(t, k)
  if found then t.v[i] = v; return end
  tinsert(t.k, i, k); tinsert(t.v, i, v); t.n = t.n + 1
end
local function mdel(t, k)
  local i, found = mfind(t, k)
  if found then tremove(t.k, i); tremove(t.v, i); t.n = t.n - 1 end
end

local function newlist(t) t.n = t.n or 0; return newud(t, List) end
local function newmap(flags) return newud({ n = 0, k = {}, v = {}, f = flags or 0 }, Map) end
local function newbytes(t) t.n = t.n or 0; t.t = t.t or 4; return newud(t, Bytes) end

-- list --------------------------------------------------------------------------------------
list = {}
setmetatable(list, { __call = function(_, src)
  local t = { n = 0 }
  if type(src) == "table" then
    local idx = {}
    for k in pairs(src) do if type(k) == "number" then idx[#idx + 1] = k end end
    tsort(idx)
    for _, k in ipairs(idx) do
      local v = src[k]
      if storable(v) then t.n = t.n + 1; t[t.n] = v end
    end
  end
  return newlist(t)
end })
local function checklist(l, fn)
  if kind(l) ~= "list" then error(sformat("bad argument #1 to '%s' (List expected, got %s)", fn, type(l)), 3) end
  return B(l)
end
local function idxarg(i) return mtype(i) == "integer" and i or (type(i) == "number" and math.tointeger(i)) or 0 end
function list.create() return newlist({}) end
list.new = list.create
function list.size(l) return checklist(l, "size").n end
function list.append(l, v) local t = checklist(l, "append"); if storable(v) then t.n = t.n + 1; t[t.n] = v end end
function list.prepend(l, v) local t = checklist(l, "prepend"); if storable(v) then tinsert(t, 1, v); t.n = t.n + 1 end end
function list.insert(l, i, v)
  local t = checklist(l, "insert"); i = idxarg(i)
  if i < 1 or not storable(v) then return end
  if i > t.n then t.n = i; t[i] = v; return end
  tinsert(t, i, v); t.n = t.n + 1
end
function list.remove(l, i)
  local t = checklist(l, "remove"); i = idxarg(i)
  if i >= 1 and i <= t.n then tremove(t, i); t.n = t.n - 1 end
end
function list.concat(l, l2)
  local t, u = checklist(l, "concat"), checklist(l2, "concat")
  local n = u.n
  for i = 1, n do t[t.n + i] = u[i] end
  t.n = t.n + n
end
function list.trim(l, i)
  local t = checklist(l, "trim"); i = idxarg(i)
  if i < 1 then return end
  for j = t.n, i, -1 do t[j] = nil end
  if i - 1 < t.n then t.n = i - 1 end
end
function list.take(l, n)
  local t = checklist(l, "take"); n = idxarg(n)
  if n < 1 then return nil end
  local out = { n = math.min(n, t.n) }
  for i = 1, out.n do out[i] = t[i] end
  return newlist(out)
end
function list.drop(l, n)
  local t = checklist(l, "drop"); n = idxarg(n)
  if n < 1 then return nil end
  local out = { n = math.max(0, t.n - n) }
  for i = 1, out.n do out[i] = t[n + i] end
  return newlist(out)
end
function list.iterator(l)
  local t, i = checklist(l, "iterator"), 0
  return function() if i < t.n then i = i + 1; return t[i] end end
end
function list.clone(l) local t = checklist(l, "clone"); local out = { n = t.n }; for i = 1, t.n do out[i] = t[i] end; return newlist(out) end
function list.merge(a, b) local out = list.clone(a); list.concat(out, b); return out end
function list.nbytes(l) checklist(l, "nbytes"); return H("nbytes", l) end
function list.tostring(l) return tostring(l) end
List.__index = function(l, i)
  local t = B(l)
  if type(i) ~= "number" then error(sformat("bad argument #2 to 'index' (number expected, got %s)", type(i)), 2) end
  i = idxarg(i)
  if i >= 1 and i <= t.n then return t[i] end
  return nil
end
List.__newindex = function(l, i, v)
  local t = B(l)
  if type(i) ~= "number" then error(sformat("bad argument #2 to 'newindex' (number expected, got %s)", type(i)), 2) end
  i = idxarg(i)
  if i < 1 or not storable(v) then return end
  t[i] = v
  if i > t.n then t.n = i end
end
List.__len = function(l) return B(l).n end

-- map ---------------------------------------------------------------------------------------
map = {}
setmetatable(map, { __call = function(_, src)
  local m = newmap(0)
  if type(src) == "table" then
    local t = B(m)
    for k, v in pairs(src) do if krank(k) and storable(v) then mset(t, k, v) end end
  end
  return m
end })
local function checkmap(m, fn)
  if kind(m) ~= "map" then error(sformat("bad argument #1 to '%s' (Map expected, got %s)", fn, type(m)), 3) end
  return B(m)
end
function map.create() return newmap(0) end
map.new = map.create
function map.size(m) return checkmap(m, "size").n end
function map.remove(m, k) local t = checkmap(m, "remove"); if krank(k) then mdel(t, k) end end
local function miter(m, fn, what)
  local t, i = checkmap(m, fn), 0
  return function()
    if i >= t.n then return nil end
    i = i + 1
    if what == 1 then return t.k[i] elseif what == 2 then return t.v[i] end
    return t.k[i], t.v[i]
  end
end
function map.pairs(m) return miter(m, "pairs", 0) end
map.iterator = map.pairs
function map.keys(m) return miter(m, "keys", 1) end
function map.values(m) return miter(m, "values", 2) end
function map.nbytes(m) checkmap(m, "nbytes"); return H("nbytes", m) end
function map.tostring(m) return tostring(m) end
function map.clone(m) local t = checkmap(m, "clone"); local out = newmap(t.f); local o = B(out); for i = 1, t.n do o.k[i], o.v[i] = t.k[i], t.v[i] end; o.n = t.n; return out end
function map.merge(a, b, f)
  local out, tb = map.clone(a), checkmap(b, "merge")
  local ta, o = B(a), B(out)
  for i = 1, tb.n do
    local k, v = tb.k[i], tb.v[i]
    local j, found = mfind(ta, k)
    if found and type(f) == "function" then mset(o, k, f(ta.v[j], v)) else mset(o, k, v) end
  end
  return out
end
function map.diff(a, b)
  local ta, tb, out = checkmap(a, "diff"), checkmap(b, "diff"), newmap(0)
  local o = B(out)
  for i = 1, ta.n do local _, f = mfind(tb, ta.k[i]); if not f then mset(o, ta.k[i], ta.v[i]) end end
  for i = 1, tb.n do local _, f = mfind(ta, tb.k[i]); if not f then mset(o, tb.k[i], tb.v[i]) end end
  return out
end
Map.__index = function(m, k)
  if not krank(k) then return nil end
  local t = B(m)
  local i, found = mfind(t, k)
  if found then return t.v[i] end
  return nil
end
Map.__newindex = function(m, k, v)
  if not krank(k) or kind(v) == "rec" then return end
  local t = B(m)
  if v == nil or storable(v) then mset(t, k, v) else mdel(t, k) end
end
Map.__len = function(m) return B(m).n end

-- bytes -------------------------------------------------------------------------------------
bytes = {}
setmetatable(bytes, { __call = function(_, n) return newbytes({}) end })
local function checkbytes(b, fn)
  if kind(b) ~= "bytes" then error(sformat("bad argument #1 to '%s' (Bytes expected, got %s)", fn, type(b)), 3) end
  return B(b)
end
local function grow(t, upto) for i = t.n + 1, upto do t[i] = 0 end; if upto > t.n then t.n = upto end end
local function put(t, pos, s) grow(t, pos + #s - 1); for i = 1, #s do t[pos + i - 1] = sbyte(s, i) end; return true end
local function get(t, pos, len)
  if mtype(pos) ~= "integer" or pos < 1 or len < 0 or pos + len - 1 > t.n then return nil end
  local p = {}
  for i = 1, len do p[i] = schar(t[pos + i - 1]) end
  return table.concat(p)
end
function bytes.size(b) return checkbytes(b, "size").n end
function bytes.set_size(b, n) local t = checkbytes(b, "set_size"); n = idxarg(n); if n < 0 then return false end; grow(t, n); for i = n + 1, t.n do t[i] = nil end; t.n = n; return true end
function bytes.get_type(b) return checkbytes(b, "get_type").t end
function bytes.set_type(b, v) local t = checkbytes(b, "set_type"); t.t = idxarg(v); return true end
function bytes.get_byte(b, i) local s = get(checkbytes(b, "get_byte"), idxarg(i), 1); return s and sbyte(s) end
function bytes.set_byte(b, i, v) local t = checkbytes(b, "set_byte"); i = idxarg(i); if i < 1 then return false end; return put(t, i, schar(idxarg(v) & 0xff)) end
function bytes.append_byte(b, v) local t = checkbytes(b, "append_byte"); return put(t, t.n + 1, schar(idxarg(v) & 0xff)) end
function bytes.get_string(b, i, n) return get(checkbytes(b, "get_string"), idxarg(i), idxarg(n)) end
function bytes.set_string(b, i, s) local t = checkbytes(b, "set_string"); i = idxarg(i); if i < 1 or type(s) ~= "string" then return false end; return put(t, i, s) end
function bytes.append_string(b, s) local t = checkbytes(b, "append_string"); if type(s) ~= "string" then return false end; return put(t, t.n + 1, s) end
function bytes.get_bytes(b, i, n) local s = get(checkbytes(b, "get_bytes"), idxarg(i), idxarg(n)); if s == nil then return nil end; local out = newbytes({}); put(B(out), 1, s); return out end
function bytes.set_bytes(b, i, src, n) local t = checkbytes(b, "set_bytes"); i = idxarg(i); if i < 1 then return false end; local s = bstr(src); if n then s = s:sub(1, idxarg(n)) end; return put(t, i, s) end
function bytes.append_bytes(b, src, n) local t = checkbytes(b, "append_bytes"); local s = bstr(src); if n then s = s:sub(1, idxarg(n)) end; return put(t, t.n + 1, s) end
for _, w in ipairs({ 16, 32, 64 }) do
  for _, e in ipairs({ { "", ">" }, { "_be", ">" }, { "_le", "<" } }) do
    local fmt = e[2] .. "i" .. (w // 8)
    bytes["get_int" .. w .. e[1]] = function(b, i)
      local s = get(checkbytes(b, "get_int"), idxarg(i), w // 8)
      return s and (sunpack(fmt, s))
    end
    bytes["set_int" .. w .. e[1]] = function(b, i, v)
      local t = checkbytes(b, "set_int"); i = idxarg(i)
      if i < 1 then return false end
      return put(t, i, spack(e[2] .. "j", idxarg(v)):sub(e[2] == ">" and 9 - w // 8 or 1, e[2] == ">" and 8 or w // 8))
    end
    bytes["append_int" .. w .. e[1]] = function(b, v)
      local t = checkbytes(b, "append_int")
      return put(t, t.n + 1, spack(e[2] .. "j", idxarg(v)):sub(e[2] == ">" and 9 - w // 8 or 1, e[2] == ">" and 8 or w // 8))
    end
  end
end
Bytes.__index = function(b, i) return bytes.get_byte(b, i) end
Bytes.__newindex = function(b, i, v) bytes.set_byte(b, i, v) end
-- A node answers 0 for #b: its length metamethod expects one argument and Lua passes two.
Bytes.__len = function() return 0 end

-- geojson -----------------------------------------------------------------------------------
geojson = setmetatable({}, { __call = function(_, s) return newud({ s = tostring(s) }, GeoJSON) end })
GeoJSON.__tostring = function(g) return B(g).s end

-- tostring of values, in the style of the server's as_val_tostring
local function show(v, top)
  local k = kind(v)
  if k == "list" then
    local t, p = B(v), {}
    for i = 1, t.n do p[i] = show(t[i]) end
    return "[" .. table.concat(p, ", ") .. "]"
  elseif k == "map" then
    local t, p = B(v), {}
    for i = 1, t.n do p[i] = show(t.k[i]) .. ":" .. show(t.v[i]) end
    return "{" .. table.concat(p, ", ") .. "}"
  elseif k == "bytes" then
    local t, p = B(v), {}
    for i = 1, t.n do p[i] = sformat("%02X", t[i]) end
    return table.concat(p, " ")
  elseif k == "geo" then
    return B(v).s
  elseif type(v) == "string" then
    return top and v or ('"' .. v .. '"')
  elseif v == nil then
    return "NIL"
  end
  return tostring(v)
end
List.__tostring = function(l) return show(l, true) end
Map.__tostring = function(m) return show(m, true) end
Bytes.__tostring = function(b) return show(b, true) end

-- record ------------------------------------------------------------------------------------
local function rid(r)
  if kind(r) ~= "rec" then error("bad argument #1 (Record expected, got " .. type(r) .. ")", 3) end
  return B(r).id
end
record = {}
for _, name in ipairs({ "ttl", "last_update_time", "gen", "size", "memory_size", "device_size", "key", "setname", "digest", "numbins", "bin_names" }) do
  record[name] = function(r) return H("meta", rid(r), name) end
end
function record.set_ttl(r, ttl) H("set_ttl", rid(r), ttl) end
function record.drop_key(r) H("drop_key", rid(r)) end
-- A record caches what the function read or set: each read boxes the same contents anew (so
-- rec.l == rec.l is false, yet a change made through one read shows in the next), and bins set
-- reach the host only when aerospike:create/update asks for a write.
local NILV = {}
local function rebox(v)
  if v == NILV then return nil end
  local k = kind(v)
  if k == nil or k == "rec" then return v end
  return newud(B(v), getmetatable(v))
end
Record.__index = function(r, name)
  if type(name) ~= "string" then return nil end
  local t = B(r)
  local c = t.cache[name]
  if c ~= nil then return rebox(c) end
  local v = H("get", t.id, name)
  if v == nil then t.cache[name] = NILV else t.cache[name] = v end
  return v
end
Record.__newindex = function(r, name, v)
  if type(name) ~= "string" then return end
  if not storable(v) then error("can't set bin " .. name .. " to unsupported type", 2) end
  if #name > 15 then return end
  local t = B(r)
  if v == nil then t.cache[name] = NILV else t.cache[name] = v end
  t.dirty[#t.dirty + 1] = name
end
local function flush(r)
  local t = B(r)
  for _, name in ipairs(t.dirty) do H("set", t.id, name, rebox(t.cache[name])) end
  t.dirty = {}
end

-- aerospike ---------------------------------------------------------------------------------
aerospike = {}
function aerospike:create(r) local id = rid(r); flush(r); return H("create", id) end
function aerospike:update(r) local id = rid(r); flush(r); return H("update", id) end
function aerospike:exists(r) return H("exists", rid(r)) end
function aerospike:remove(r) local id = rid(r); B(r).cache = {}; B(r).dirty = {}; return H("remove", id) end
function aerospike:log(level, msg) H("log", level, msg) end
function aerospike:get_current_time() return H("now") end
function aerospike:set_context() end
function aerospike:get_config() return nil end
function trace(m, ...) H("log", 4, sformat(m, ...)) end
function debug(m, ...) H("log", 3, sformat(m, ...)) end
function info(m, ...) H("log", 2, sformat(m, ...)) end
function warn(m, ...) H("log", 1, sformat(m, ...)) end

function math.sum(a, b) return a + b end
function math.product(a, b) return a * b end

-- stream operations (aggregations) ----------------------------------------------------------
local SERVER, CLIENT, EITHER, BOTH = 1, 2, 3, 4
local function copy(v)
  local k = kind(v)
  if k == "map" then return map.clone(v) elseif k == "list" then return list.clone(v) end
  return v
end
local ops = {}
local OpsMt = { __index = ops }
local function add(self, scope, f, args) self.ops[#self.ops + 1] = { scope = scope, f = f, args = args }; return self end
local function s_filter(next, p)
  return function() for v in next do if p(v) then return v end end end
end
local function s_map(next, f)
  return function() local v = next(); if v ~= nil then return f(v) end end
end
local function s_reduce(next, f)
  local done = false
  return function()
    if done then return nil end
    done = true
    local a = next()
    if a == nil then return nil end
    for b in next do a = f(a, b) end
    return a
  end
end
local function s_aggregate(next, init, f)
  local done = false
  return function()
    if done then return nil end
    done = true
    local a = copy(init)
    for b in next do a = f(a, b) end
    return a
  end
end
function ops:filter(p) return add(self, EITHER, s_filter, { p }) end
function ops:map(f) return add(self, EITHER, s_map, { f }) end
function ops:aggregate(init, f) return add(self, SERVER, s_aggregate, { init, f }) end
function ops:reduce(f) return add(self, BOTH, s_reduce, { f }) end
function ops:groupby(f)
  local function agg(m, v)
    local k = f and f(v) or nil
    local l = m[k] or list()
    list.append(l, v)
    m[k] = l
    return m
  end
  return self:aggregate(map(), agg):reduce(function(a, b) return map.merge(a, b, list.merge) end)
end
local function select(all, scope)
  local server, client, phase = {}, {}, SERVER
  for _, op in ipairs(all) do
    if phase == SERVER then
      if op.scope == BOTH then server[#server + 1] = op; client[#client + 1] = op; phase = CLIENT
      else server[#server + 1] = op end
    else client[#client + 1] = op end
  end
  return scope == CLIENT and client or server
end

-- Entry points called by the host ---------------------------------------------------------
local entry = {}
function entry.apply(fname, r, ...)
  local f = _G[fname]
  if type(f) ~= "function" then error("function not found", 0) end
  return f(r, ...)
end
-- Runs stream function fname over the values next() yields, for the server or the client
-- stage; emit(v) receives every output value.
function entry.stream(fname, scope, next, emit, ...)
  local f = _G[fname]
  if type(f) ~= "function" then error("function not found", 0) end
  local built = f(setmetatable({ ops = {} }, OpsMt), ...)
  local it = next
  for _, op in ipairs(select(built.ops, scope)) do it = op.f(it, table.unpack(op.args)) or it end
  for v in it do emit(v) end
end
entry.newlist, entry.newmap, entry.newbytes, entry.kind = newlist, newmap, newbytes, kind
return entry
`;
