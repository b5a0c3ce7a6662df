-- lb-drift in Neovim 0.8+ (init.lua): vim.lsp.start reuses one client per root folder.
vim.filetype.add({
  extension = { haproxy = 'haproxy' },
  filename = { ['haproxy.cfg'] = 'haproxy' },
  pattern = { ['.*/haproxy/.*%.cfg'] = 'haproxy' },
})
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'nginx', 'haproxy' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local marker = vim.fs.find({ '.lb-drift.yaml', '.git' }, { upward = true, path = vim.fs.dirname(file) })[1]
    vim.lsp.start({
      name = 'lb-drift',
      cmd = { 'lb-drift-language-server', '--stdio' },
      root_dir = marker and vim.fs.dirname(marker) or vim.fs.dirname(file),
    })
  end,
})
