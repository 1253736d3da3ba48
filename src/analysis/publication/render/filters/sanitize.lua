-- Prose sanitiser for every pandoc conversion of the report (HTML and Typst).
--
-- Why: report prose is pandoc Markdown generated from data. Data values are escaped
-- where they are put into the prose (analysis.publication.escape.markdown), and raw HTML is off in
-- the reader; this filter is the last line: whatever Markdown reaches pandoc, no
-- element leaves it with an event handler, a style or any other attribute outside a
-- short list, and no link or image points at a script URL (javascript:, data:,
-- vbscript:, ...). Unsafe links keep their text; unsafe images become their alt text.

local KEEP_ATTRIBUTES = { lang = true, dir = true, title = true }
local SAFE_SCHEMES = { http = true, https = true, mailto = true }

local function safe_target(target)
  -- Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
  local cleaned = target:gsub("[%c%s]", ""):lower()
  local scheme = cleaned:match("^([%a][%w+.-]*):")
  return scheme == nil or SAFE_SCHEMES[scheme] == true
end

local function clean_attributes(el)
  if el.attr == nil then
    return false
  end
  local drop = {}
  for key, _ in pairs(el.attributes) do
    if not KEEP_ATTRIBUTES[key:lower()] then
      table.insert(drop, key)
    end
  end
  for _, key in ipairs(drop) do
    el.attributes[key] = nil
  end
  return #drop > 0
end

function Inline(el)
  local changed = clean_attributes(el)
  if el.t == "Link" and not safe_target(el.target) then
    return el.content
  end
  if el.t == "Image" and not safe_target(el.src) then
    return el.caption
  end
  if changed then
    return el
  end
  return nil
end

function Block(el)
  if clean_attributes(el) then
    return el
  end
  return nil
end
