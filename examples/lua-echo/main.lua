-- A character's say comes back on the same stream as "Echo: <message>".
-- Events from plugins (this one included) are ignored, so echoes never loop.

function on_event(event)
  if event.type ~= "say" or event.actor_kind ~= "character" then
    return nil
  end
  local message = event.payload:match('"message"%s*:%s*"(.-)"%s*[,}]')
  if message == nil or message == "" then
    return nil
  end
  holo.emit.location(event.stream:match("^location:(.*)$") or "", "say", { message = "Echo: " .. message })
  return holo.emit.flush()
end
