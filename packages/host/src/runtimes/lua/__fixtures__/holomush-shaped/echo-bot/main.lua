-- Answers a character's say with an echo on the same stream.
-- The older emit-table key `stream` is used on purpose (HoloMUSH accepted it).

function on_event(event)
  if event.type ~= "say" or event.actor_kind == "plugin" then
    return nil
  end
  local text = (event.payload or ""):match('"message"%s*:%s*"([^"]*)"')
  if text == nil or text == "" then
    return nil
  end
  return {
    { stream = event.stream, type = "say", payload = '{"message":"Echo: ' .. text .. '"}' },
  }
end
