-- ooc, whisper, wall and ;-poses on HoloMUSH's Lua plugin interface.
-- Every call runs in a fresh Lua state: keep nothing in globals.

local session_caps = _G["session"]
local session_admin = _G["session.admin"]

local function trim(s)
  return (s or ""):match("^%s*(.-)%s*$")
end

local function error_response(msg)
  return { status = 1, output = msg }
end

local function say_here(ctx, event_type, message)
  holo.emit.location(ctx.location_id, event_type, { message = message })
  return { status = 0, output = "", events = holo.emit.flush() }
end

local function handle_ooc(ctx)
  local text = trim(ctx.args)
  if text == "" then return error_response("Usage: ooc <message>") end
  local first = text:sub(1, 1)
  if first == ":" then
    return say_here(ctx, "emit", "[OOC] " .. ctx.character_name .. " " .. trim(text:sub(2)))
  elseif first == ";" then
    return say_here(ctx, "emit", "[OOC] " .. ctx.character_name .. trim(text:sub(2)))
  end
  return say_here(ctx, "emit", "[OOC] " .. ctx.character_name .. ' says, "' .. text .. '"')
end

local function handle_semipose(ctx)
  local payload = holo.comm.pose(ctx.character_id, ctx.character_name, ctx.invoked_as, ctx.args)
  if payload == "" then return error_response("What do you want to pose?") end
  return say_here(ctx, "emit", ctx.character_name .. trim(ctx.args))
end

local function handle_whisper(ctx)
  local name, message = (ctx.args or ""):match("^%s*([^=]-)%s*=(.+)$")
  if not name or name == "" then return error_response("Usage: whisper <name>=<message>") end
  local resp, err = session_caps.FindByName({ name = name })
  if err then return { status = 2, output = "Unable to whisper right now." } end
  local target = resp and resp.session
  if not target or target.location_id ~= ctx.location_id then
    return error_response('You don\'t see anyone named "' .. name .. '" here.')
  end
  session_caps.SetLastWhispered({ session_id = ctx.session_id, name = target.character_name })
  holo.emit.character(target.character_id, "whisper", { message = ctx.character_name .. ' whispers, "' .. message .. '"' })
  return {
    status = 0,
    output = "You whisper to " .. target.character_name .. ": " .. message,
    events = holo.emit.flush(),
  }
end

local function handle_wall(ctx)
  local message = trim(ctx.args)
  if message == "" then return error_response("Usage: wall <message>") end
  local list = session_caps.ListActive({})
  local _, err = session_admin.Broadcast({ message = "[ANNOUNCEMENT] " .. ctx.character_name .. ": " .. message })
  if err then return { status = 2, output = "Unable to broadcast right now." } end
  local count = list and list.sessions and #list.sessions or 0
  holomush.log("info", "wall by " .. ctx.character_name .. " to " .. count .. " sessions")
  return "Announcement sent to " .. count .. (count == 1 and " session." or " sessions.")
end

local handlers = { ooc = handle_ooc, semipose = handle_semipose, whisper = handle_whisper, wall = handle_wall }

function on_command(ctx)
  local handler = handlers[ctx.command]
  if handler == nil then return error_response("Unknown command: " .. ctx.command) end
  return handler(ctx)
end
