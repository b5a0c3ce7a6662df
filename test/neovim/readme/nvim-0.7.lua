-- lb-drift in Neovim 0.7 (init.lua): one server for every nginx and HAProxy buffer.
-- Neovim 0.7 calls haproxy.cfg `cfg`: name HAProxy files first (before filetype detection runs).
vim.cmd('autocmd BufRead,BufNewFile haproxy.cfg,*.haproxy,*/haproxy/*.cfg setfiletype haproxy')
local lb_drift_client
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'nginx', 'haproxy' },
  callback = function(args)
    if not lb_drift_client or vim.lsp.client_is_stopped(lb_drift_client) then
      lb_drift_client = vim.lsp.start_client({
        name = 'lb-drift',
        cmd = { 'lb-drift-language-server', '--stdio' },
        root_dir = vim.fn.getcwd(),
      })
    end
    vim.lsp.buf_attach_client(args.buf, lb_drift_client)
  end,
})
