-- End-to-end test of `fdl lsp` with Neovim (0.7 or newer) as the client, run headless by
-- tests/nvim.rs:
--   nvim --headless --clean -c 'luafile tests/nvim/e2e.lua'
-- Environment: FDL_NVIM_SERVER (the server command, a JSON list), FDL_NVIM_FLOW (the flow
-- file to edit, written by the Rust test), FDL_NVIM_LOG (where to write progress and the
-- verdict). Neovim itself computes every position it sends (UTF-16 columns, incremental
-- changes), so this checks the server against a real client, not against our own encoder.

local log = assert(io.open(os.getenv('FDL_NVIM_LOG'), 'w'))
local function say(fmt, ...)
  log:write(string.format(fmt, ...) .. '\n')
  log:flush()
end

local function check(cond, fmt, ...)
  if not cond then
    error(string.format(fmt, ...), 2)
  end
end

local TIMEOUT = 20000

local api = vim.api
local buf, client_id, exit_code

local function client()
  return vim.lsp.get_client_by_id(client_id)
end

local function lines()
  return api.nvim_buf_get_lines(buf, 0, -1, true)
end

-- 0-based line number of the first line containing `needle` (plain text), or nil.
local function find_line(needle, from)
  for i, line in ipairs(lines()) do
    if i - 1 >= (from or 0) and line:find(needle, 1, true) then
      return i - 1
    end
  end
  return nil
end

-- Puts the cursor on the first byte of `needle` in line `row` (0-based), plus `offset` bytes.
local function cursor_at(row, needle, offset)
  local col = lines()[row + 1]:find(needle, 1, true)
  check(col, 'no %q on line %d', needle, row)
  api.nvim_win_set_cursor(0, { row + 1, col - 1 + (offset or 0) })
end

local function request(method, params)
  local result, err = client().request_sync(method, params, TIMEOUT, buf)
  check(result, '%s: no answer (%s)', method, tostring(err))
  check(not result.err, '%s failed: %s', method, vim.inspect(result.err))
  return result.result
end

local function fdl_diagnostics(code)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local c = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == nil or c == code then
      table.insert(found, d)
    end
  end
  return found
end

local function wait_for(what, cond)
  check(vim.wait(TIMEOUT, cond, 20), 'timed out waiting for %s', what)
end

-- Position parameters for byte column `col` of line `row` (0-based), in UTF-16 as Neovim
-- converts them (the cursor cannot stand past the end of a line outside insert mode).
local function position_params(row, col)
  local _, utf16 = vim.str_utfindex(lines()[row + 1], col)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = row, character = utf16 } }
end

-- Completes at a position: asks the server, applies the item labelled `label`.
local function complete(row, col, label)
  local result = request('textDocument/completion', position_params(row, col))
  local items = result.items or result
  local labels = {}
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
    if item.label == label then
      check(item.textEdit, 'item %q has no textEdit', label)
      vim.lsp.util.apply_text_edits({ item.textEdit }, buf, client().offset_encoding)
      return item
    end
  end
  error(string.format('no completion %q among %s', label, table.concat(labels, ', ')))
end

local function run()
  local cmd = vim.fn.json_decode(os.getenv('FDL_NVIM_SERVER'))
  local flow = os.getenv('FDL_NVIM_FLOW')
  vim.cmd('edit ' .. vim.fn.fnameescape(flow))
  buf = api.nvim_get_current_buf()
  client_id = vim.lsp.start_client({
    cmd = cmd,
    name = 'fdl',
    root_dir = vim.fn.fnamemodify(flow, ':h'),
    flags = { debounce_text_changes = 10 },
    on_exit = function(code)
      exit_code = code
    end,
  })
  check(client_id, 'the server did not start: %s', vim.inspect(cmd))
  vim.lsp.buf_attach_client(buf, client_id)
  wait_for('initialization', function()
    return exit_code ~= nil or (client() and client().initialized)
  end)
  check(exit_code == nil, 'the server exited with status %s before initializing: check %s',
    tostring(exit_code), table.concat(cmd, ' '))
  check(client().offset_encoding == 'utf-16', 'encoding %s', client().offset_encoding)
  say('initialized')

  -- 1. Open: the typo `结東` (for `结束`) in a goto, after CJK text, is reported on its column.
  wait_for('the goto typo to be reported', function()
    return #fdl_diagnostics('FDL201') == 1
  end)
  local d = fdl_diagnostics('FDL201')[1]
  local row = find_line('goto: 结東')
  check(d.lnum == row, 'FDL201 on line %d, expected %d', d.lnum, row)
  local col = lines()[row + 1]:find('结東', 1, true) - 1
  check(d.col == col, 'FDL201 at byte column %d, expected %d', d.col, col)
  say('diagnostics on open: %s', d.message:match('[^\n]*'))

  -- 2. Fix the typo with an incremental edit after CJK text: the error goes away.
  local east = lines()[row + 1]:find('東', 1, true) - 1
  api.nvim_buf_set_text(buf, row, east, row, east + #'東', { '束' })
  wait_for('the goto typo to be fixed', function()
    return #fdl_diagnostics('FDL201') == 0
  end)
  check(#fdl_diagnostics() == 0, 'left: %s', vim.inspect(fdl_diagnostics()))
  say('diagnostics cleared after an edit')

  -- 3. A new mistake typed in the middle of a CJK name: reported at the right place.
  local big = find_line('goto: 大额订单')
  local mid = lines()[big + 1]:find('订单', 1, true) - 1
  api.nvim_buf_set_text(buf, big, mid, big, mid, { 'x' })
  wait_for('the new typo', function()
    return #fdl_diagnostics('FDL201') == 1
  end)
  d = fdl_diagnostics('FDL201')[1]
  check(d.lnum == big and d.col == lines()[big + 1]:find('大额', 1, true) - 1,
    'FDL201 at %d:%d', d.lnum, d.col)
  api.nvim_buf_set_text(buf, big, mid, big, mid + 1, { '' })
  wait_for('the new typo to be fixed', function()
    return #fdl_diagnostics() == 0
  end)
  say('diagnostics follow edits after CJK text')

  -- 4. Complete a key: `outp` in a pass step becomes `outputMappings`.
  local name = find_line('name: 开始处理')
  local before = #lines()
  api.nvim_buf_set_lines(buf, name + 1, name + 1, true, { '    outp' })
  complete(name + 1, 8, 'outputMappings')
  check(lines()[name + 2]:find('^    outputMappings:'), 'after completion: %q', lines()[name + 2])
  say('completed a key: %s', table.concat(api.nvim_buf_get_lines(buf, name + 1, name + 1 + #lines() - before, true), ' / '))
  -- The completion may bring a first item along: remove everything it added.
  api.nvim_buf_set_lines(buf, name + 1, name + 1 + #lines() - before, true, {})

  -- 5. Complete a goto target: a CJK step name.
  local default_goto = find_line('goto: 结束', find_line('default:'))
  local line = lines()[default_goto + 1]
  local value = line:find('结束', 1, true) - 1
  api.nvim_buf_set_text(buf, default_goto, value, default_goto, #line, { '' })
  complete(default_goto, value, '结束')
  check(lines()[default_goto + 1] == line, 'after completion: %q', lines()[default_goto + 1])
  say('completed a goto target')

  -- 6. Hover on a key.
  cursor_at(find_line('type: choice'), 'type')
  local hover = request('textDocument/hover', vim.lsp.util.make_position_params())
  check(hover and hover.contents, 'no hover')
  local text = hover.contents.value or vim.inspect(hover.contents)
  check(#text > 0, 'empty hover')
  say('hover: %s', text:match('[^\n]*'))

  -- 7. Go to definition: from a goto to the step it names.
  cursor_at(default_goto, '结束', 3)
  vim.lsp.buf.definition()
  local target = find_line('name: 结束')
  wait_for('the jump to the definition', function()
    return api.nvim_win_get_cursor(0)[1] - 1 == target
  end)
  say('went to definition on line %d', target + 1)

  -- 8. Rename the step: its name and every goto naming it change.
  cursor_at(target, '结束', 3)
  vim.lsp.buf.rename('完成')
  wait_for('the rename', function()
    return find_line('结束') == nil
  end)
  local renamed = 0
  for _, l in ipairs(lines()) do
    if l:find('完成', 1, true) then
      renamed = renamed + 1
    end
  end
  check(renamed == 3, '%d lines renamed, expected 3', renamed)
  say('renamed a step')

  -- 9. Format: keys out of order and odd indentation are put right.
  local pass = find_line('type: pass')
  api.nvim_buf_set_lines(buf, pass, pass + 2, true, { '  - name: 开始处理', '    type:   pass' })
  vim.lsp.buf.formatting_sync(nil, TIMEOUT)
  check(lines()[pass + 1] == '  - type: pass', 'after formatting: %q', lines()[pass + 1])
  check(lines()[pass + 2] == '    name: 开始处理', 'after formatting: %q', lines()[pass + 2])
  say('formatted')
  wait_for('a clean flow', function()
    return #fdl_diagnostics() == 0
  end)
  vim.cmd('write')

  -- 10. Shut down: `shutdown` then `exit`, exit status 0.
  vim.lsp.stop_client(client_id)
  wait_for('the server to exit', function()
    return exit_code ~= nil
  end)
  check(exit_code == 0, 'the server exited with %s', tostring(exit_code))
  say('server exited with 0')
end

local ok, err = pcall(run)
if ok then
  say('PASS')
  vim.cmd('qall!')
else
  say('FAIL: %s', tostring(err))
  if buf then
    say('--- the buffer ---\n%s', table.concat(lines(), '\n'))
  end
  if client_id then
    vim.lsp.stop_client(client_id, true)
  end
  vim.cmd('cquit')
end
