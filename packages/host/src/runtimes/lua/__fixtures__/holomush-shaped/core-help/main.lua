-- help, help <command>, help search <term>: holomush.list_commands and
-- get_command_help, laid out with holo.fmt.

local fmt = holo.fmt

local function trimmed(s)
  return (s or ""):match("^%s*(.-)%s*$")
end

local function rows_of(commands, term)
  local rows = {}
  for _, c in ipairs(commands) do
    local text = (c.name .. " " .. (c.help or "")):lower()
    if term == nil or text:find(term:lower(), 1, true) then
      rows[#rows + 1] = { c.name, c.help or "", c.source or "" }
    end
  end
  table.sort(rows, function(a, b) return a[1] < b[1] end)
  return rows
end

local function listing(ctx, term)
  local result, err = holomush.list_commands(ctx.character_id)
  if err then
    holomush.log("warn", "list_commands failed: " .. err)
    return { status = 2, output = "Help is unavailable right now." }
  end
  local rows = rows_of(result.commands or {}, term)
  if #rows == 0 then
    return { status = 1, output = "No commands match " .. term .. "." }
  end
  local title = term and ("Commands matching " .. term) or "Available Commands"
  return fmt.header(title) .. "\n" .. fmt.table({ headers = { "Command", "Description", "Source" }, rows = rows })
    .. "\n" .. fmt.dim("Type help <command> for details.")
end

function on_command(ctx)
  local args = trimmed(ctx.args)
  if args == "" then
    return listing(ctx, nil)
  end
  local term = args:match("^search%s+(.+)$")
  if term then
    return listing(ctx, term)
  end
  local info, err = holomush.get_command_help(args, ctx.character_id)
  if err then
    return { status = 1, output = "No help for " .. args .. " (" .. err .. ")." }
  end
  local lines = { fmt.bold(info.name) .. " - " .. (info.help or ""), "Usage: " .. (info.usage or info.name) }
  if info.help_text then
    lines[#lines + 1] = ""
    lines[#lines + 1] = info.help_text
  end
  return table.concat(lines, "\n")
end
