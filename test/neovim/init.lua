-- Drives a real Neovim (0.7 or newer) as a client of the lb-drift language server, headless.
--
-- Start it as `nvim --headless --clean -n -u test/neovim/init.lua` with LB_DRIFT_NVIM_PLAN set to
-- the path of a JSON plan (see plan.ts for its shape). It opens every file of the plan, waits until
-- the server has published diagnostics for each one, asks for code actions at every diagnostic and
-- for a hover where the plan says, optionally applies a fix, and writes one JSON object per line
-- to the plan's output file (stdout when there is none). It exits 0 when everything answered in
-- time and with `:cquit 1`, after an `{"kind":"error"}` line, on any timeout or missing answer.

local plan_path = os.getenv('LB_DRIFT_NVIM_PLAN')
local plan = plan_path and vim.json.decode(table.concat(vim.fn.readfile(plan_path), '\n')) or {}
local timeout = plan.timeoutMs or 20000
local out = plan.output and io.open(plan.output, 'w') or io.stdout

local function emit(record)
  out:write(vim.json.encode(record), '\n')
  out:flush()
end

-- Every failure ends the editor with a non-zero status, so the calling test never waits for a
-- Neovim that has nothing left to do.
local function fail(message)
  emit({ kind = 'error', message = message, lspLog = vim.lsp.get_log_path() })
  io.stderr:write('lb-drift neovim test: ', message, '\n')
  vim.cmd('cquit 1')
end

if not plan_path then
  fail('LB_DRIFT_NVIM_PLAN is not set')
end

vim.lsp.set_log_level('warn')

-- The client setup: a README snippet sourced verbatim, or the same shape with the server command
-- from the plan (node plus the bundle under test, so no install on PATH is needed).
if plan.setup then
  dofile(plan.setup)
else
  -- As the README's snippets say: Neovim 0.7 calls haproxy.cfg `cfg`.
  vim.cmd('autocmd BufRead,BufNewFile haproxy.cfg,*.haproxy,*/haproxy/*.cfg setfiletype haproxy')
  local client_id
  vim.api.nvim_create_autocmd('FileType', {
    pattern = plan.filetypes or { 'nginx' },
    callback = function(args)
      if not client_id or vim.lsp.client_is_stopped(client_id) then
        client_id = vim.lsp.start_client({ name = 'lb-drift', cmd = plan.cmd, root_dir = plan.root or vim.fn.getcwd() })
      end
      vim.lsp.buf_attach_client(args.buf, client_id)
    end,
  })
end

-- Which URIs the server has published diagnostics for (an empty list counts), and for which
-- document version, recorded before Neovim's own handler stores them in vim.diagnostic.
local published = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result then
    published[result.uri] = result.version or true
  end
  return default_publish(err, result, ctx, config)
end

local SEVERITY = { 'error', 'warning', 'info', 'hint' }

-- vim.lsp.get_clients() replaces buf_get_clients() from 0.10 on; 0.7 only has the latter.
local function attached(bufnr)
  if vim.lsp.get_clients then
    return #vim.lsp.get_clients({ bufnr = bufnr }) > 0
  end
  return next(vim.lsp.buf_get_clients(bufnr)) ~= nil
end

local function wait_for(what, condition)
  if not vim.wait(timeout, condition, 20) then
    fail(string.format('timed out after %d ms waiting for %s', timeout, what))
  end
end

-- vim.diagnostic keeps 0-based lines and byte columns; the records use 1-based lines and columns
-- like `lb-drift check --format json`. The LSP code is both top-level and in user_data.lsp.
local function diagnostic_record(kind, file, d)
  local lsp = d.user_data and d.user_data.lsp or {}
  return {
    kind = kind,
    file = file.path,
    line = d.lnum + 1,
    col = d.col + 1,
    endLine = d.end_lnum + 1,
    endCol = d.end_col + 1,
    code = d.code,
    lspCode = lsp.code,
    severity = SEVERITY[d.severity],
    source = d.source,
    message = d.message,
  }
end

-- The LSP diagnostic that vim.lsp.buf.code_action() sends back for a vim.diagnostic entry: the
-- stored fields plus user_data.lsp, whose `data` carries the server's fix intents. Columns are
-- bytes, which equal UTF-16 units for the ASCII configs this test writes.
local function to_lsp(d)
  return vim.tbl_extend('keep', {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    severity = d.severity,
    message = d.message,
    source = d.source,
    code = d.code,
  }, d.user_data and d.user_data.lsp or {})
end

-- One request to the buffer's clients, bounded; the first client's result, or a failure.
local function request(bufnr, method, params, what)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
  if not responses then
    fail(string.format('%s: %s', what, err or 'no response'))
  end
  for _, response in pairs(responses) do
    if response.err or response.error then
      fail(string.format('%s: %s', what, vim.inspect(response.err or response.error)))
    end
    if response.result ~= nil and response.result ~= vim.NIL then
      return response.result
    end
  end
  fail(what .. ': no result')
end

local function code_actions(file, d)
  local lsp = to_lsp(d)
  local actions = request(file.bufnr, 'textDocument/codeAction', {
    textDocument = { uri = file.uri },
    range = lsp.range,
    context = { diagnostics = { lsp } },
  }, string.format('code actions at %s:%d', file.path, d.lnum + 1))
  if #actions == 0 then
    fail(string.format('no code actions at %s:%d', file.path, d.lnum + 1))
  end
  local titles = {}
  for _, action in ipairs(actions) do
    table.insert(titles, action.title)
  end
  emit({ kind = 'codeAction', file = file.path, line = d.lnum + 1, code = d.code, titles = titles })
  return actions
end

local function hover(file)
  local position = { line = file.hover.line - 1, character = file.hover.character - 1 }
  local result = request(file.bufnr, 'textDocument/hover', { textDocument = { uri = file.uri }, position = position },
    string.format('hover at %s:%d', file.path, file.hover.line))
  local contents = result.contents
  local text = type(contents) == 'string' and contents or contents.value
  emit({ kind = 'hover', file = file.path, line = file.hover.line, text = text })
end

-- Applies the first action whose title starts with file.applyFix.title and waits for the
-- diagnostics of the buffer's new version, which shows that Neovim's incremental changes reach
-- the server and that it re-analyses the edited text.
local function apply_fix(file, actions)
  for _, action in ipairs(actions) do
    if vim.startswith(action.title, file.applyFix.title) then
      vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      -- Neovim sends the buffer's changedtick as the document version.
      local version = vim.api.nvim_buf_get_changedtick(file.bufnr)
      wait_for('diagnostics after applying "' .. action.title .. '" to ' .. file.path, function()
        return published[file.uri] == version
      end)
      for _, d in ipairs(vim.diagnostic.get(file.bufnr)) do
        emit(diagnostic_record('afterFix', file, d))
      end
      emit({ kind = 'applied', file = file.path, title = action.title, text = table.concat(vim.api.nvim_buf_get_lines(file.bufnr, 0, -1, false), '\n') })
      return
    end
  end
  fail(string.format('no code action titled "%s..." in %s', file.applyFix.title, file.path))
end

local function main()
  local files = {}
  for _, entry in ipairs(plan.files or {}) do
    vim.cmd('edit ' .. vim.fn.fnameescape(entry.path))
    local bufnr = vim.api.nvim_get_current_buf()
    table.insert(files, vim.tbl_extend('force', entry, { bufnr = bufnr, uri = vim.uri_from_bufnr(bufnr) }))
  end
  for _, file in ipairs(files) do
    emit({ kind = 'opened', file = file.path, filetype = vim.bo[file.bufnr].filetype })
    wait_for('a language client on ' .. file.path, function()
      return attached(file.bufnr)
    end)
    wait_for('diagnostics for ' .. file.path, function()
      return published[file.uri] ~= nil
    end)
  end
  for _, file in ipairs(files) do
    local diagnostics = vim.diagnostic.get(file.bufnr)
    for _, d in ipairs(diagnostics) do
      emit(diagnostic_record('diagnostic', file, d))
    end
    local fix_actions
    for _, d in ipairs(diagnostics) do
      local actions = code_actions(file, d)
      if file.applyFix and d.code == file.applyFix.rule and not fix_actions then
        fix_actions = actions
      end
    end
    if file.hover then
      hover(file)
    end
    -- The fix goes last: the edit makes the other diagnostics of this buffer stale.
    if file.applyFix then
      if not fix_actions then
        fail(string.format('no %s diagnostic to fix in %s', file.applyFix.rule, file.path))
      end
      apply_fix(file, fix_actions)
    end
  end
  emit({ kind = 'done', lspLog = vim.lsp.get_log_path() })
  if out ~= io.stdout then
    out:close()
  end
  vim.cmd('qall!')
end

-- main runs from the event loop after startup rather than inside a VimEnter callback, because
-- autocommands do not nest: an `:edit` inside the callback would fire no FileType event, and the
-- client would never attach. A Lua error is a failure like a timeout; without xpcall Neovim would
-- print it and keep running.
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    vim.schedule(function()
      local ok, err = xpcall(main, debug.traceback)
      if not ok then
        fail(tostring(err))
      end
    end)
  end,
})
