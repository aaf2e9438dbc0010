-- dig and link on the world.query / world.mutation capability globals.

local query = _G["world.query"]
local mutation = _G["world.mutation"]

local function dig(ctx)
  local exit, name, rest = ctx.args:match('^%s*(%S+)%s+to%s+"([^"]+)"%s*(.-)%s*$')
  if not exit then
    return { status = 1, output = 'Usage: dig <exit> to "<location>" [return <exit>]' }
  end
  local back = rest:match("^return%s+(%S+)$")
  if rest ~= "" and not back then
    return { status = 1, output = 'Usage: dig <exit> to "<location>" [return <exit>]' }
  end
  local created, err = mutation.CreateLocation({ name = name, description = "", type = "persistent" })
  if err then
    return { status = 2, output = "Could not create the location: " .. err }
  end
  local _, exit_err = mutation.CreateExit({
    from_id = ctx.location_id,
    to_id = created.id,
    name = exit,
    bidirectional = back ~= nil,
    return_name = back,
  })
  if exit_err then
    return { status = 2, output = "Could not create the exit: " .. exit_err }
  end
  if back then
    return string.format('Created "%s" with exit "%s" and return exit "%s".', name, exit, back)
  end
  return string.format('Created "%s" with exit "%s".', name, exit)
end

local function resolve(target)
  local id = target:match("^#(%S+)$")
  if id then
    return query.QueryLocation({ location_id = id })
  end
  return query.FindLocation({ name = target:match('^"(.*)"$') or target })
end

local function link(ctx)
  local exit, target = ctx.args:match("^%s*(%S+)%s+to%s+(.-)%s*$")
  if not exit or target == "" then
    return { status = 1, output = "Usage: link <exit> to <target>" }
  end
  local location, err = resolve(target)
  if err then
    return { status = 1, output = "No such location: " .. target .. " (" .. err .. ")" }
  end
  local _, exit_err = mutation.CreateExit({ from_id = ctx.location_id, to_id = location.id, name = exit })
  if exit_err then
    return { status = 2, output = "Could not create the exit: " .. exit_err }
  end
  return string.format('Linked "%s" to "%s".', exit, location.name)
end

function on_command(ctx)
  if ctx.command == "dig" then
    return dig(ctx)
  elseif ctx.command == "link" then
    return link(ctx)
  end
  return { status = 1, output = "Unknown command " .. ctx.command }
end
