-- say, pose, page, whisper, ooc and wall: holo.comm payloads, holo.emit
-- queues, the session and session.admin capability globals.

local sessions = _G["session"]
local admin = _G["session.admin"]
local NS = "core-communication:"

for _, t in ipairs({ "say", "pose", "ooc", "page", "whisper", "whisper_notice" }) do
  holomush.register_emit_type(NS .. t)
end

local function usage(text)
  return { status = 1, output = "Usage: " .. text }
end

local function find(name)
  local found, err = sessions.FindByName({ name = name })
  if err then
    return nil, err
  end
  return found and found.session, nil
end

local function to_location(ctx, verb, payload)
  holo.emit.location(ctx.location_id, NS .. verb, payload)
  return { status = 0, output = "", events = holo.emit.flush() }
end

local handlers = {}

function handlers.say(ctx)
  local payload = holo.comm.say(ctx.character_id, ctx.character_name, ctx.args)
  if payload == "" then
    return usage("say <message>")
  end
  return to_location(ctx, "say", payload)
end

function handlers.pose(ctx)
  local payload = holo.comm.pose(ctx.character_id, ctx.character_name, ctx.invoked_as, ctx.args)
  if payload == "" then
    return usage("pose <action>")
  end
  return to_location(ctx, "pose", payload)
end

function handlers.ooc(ctx)
  local payload = holo.comm.ooc(ctx.character_id, ctx.character_name, ctx.args)
  if payload == "" then
    return usage("ooc <message>")
  end
  return to_location(ctx, "ooc", payload)
end

local function private(ctx, verb)
  local name, text = ctx.args:match("^%s*([^=]-)%s*=%s*(.-)%s*$")
  if not name or name == "" or text == "" then
    return usage(verb .. " <name>=<message>")
  end
  local target, err = find(name)
  if err then
    return { status = 2, output = err }
  end
  if not target then
    return { status = 1, output = "No one named " .. name .. " is connected." }
  end
  return target, text
end

function handlers.page(ctx)
  local target, text = private(ctx, "page")
  if text == nil then
    return target
  end
  sessions.SetLastWhispered({ session_id = ctx.session_id, name = target.character_name })
  holo.emit.character(target.character_id, NS .. "page", {
    sender = ctx.character_name,
    message = text,
  }, { sensitive = true })
  return { status = 0, output = "You paged " .. target.character_name .. ": " .. text, events = holo.emit.flush() }
end

function handlers.whisper(ctx)
  local target, text = private(ctx, "whisper")
  if text == nil then
    return target
  end
  if target.location_id ~= ctx.location_id then
    return { status = 1, output = target.character_name .. " is not here." }
  end
  holo.emit.character(target.character_id, NS .. "whisper", { sender = ctx.character_name, message = text }, { sensitive = true })
  holo.emit.location(ctx.location_id, NS .. "whisper_notice", {
    character_name = ctx.character_name,
    action = "whispers something to " .. target.character_name .. ".",
  })
  return { status = 0, output = "You whisper to " .. target.character_name .. ": " .. text, events = holo.emit.flush() }
end

function handlers.wall(ctx)
  local text = (ctx.args or ""):match("^%s*(.-)%s*$")
  if text == "" then
    return usage("wall <message>")
  end
  local sent, err = admin.Broadcast({ message = "[WALL] " .. ctx.character_name .. ": " .. text })
  if err then
    return { status = 2, output = err }
  end
  return "Announcement sent to " .. (sent.delivered or 0) .. " sessions."
end

function on_command(ctx)
  local handler = handlers[ctx.command]
  if handler == nil then
    return { status = 1, output = "Unknown command " .. ctx.command }
  end
  return handler(ctx)
end
