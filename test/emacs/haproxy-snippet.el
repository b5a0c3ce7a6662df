;; HAProxy files in Emacs (Emacs has no HAProxy mode of its own): a mode for them, attached to
;; the same server. eglot names the document's language after the mode, `haproxy'.
(define-derived-mode haproxy-mode conf-space-mode "HAProxy"
  "Major mode for HAProxy configuration files.")
(add-to-list 'auto-mode-alist '("\\(?:\\`\\|/\\)haproxy\\.cfg\\'\\|\\.haproxy\\'\\|/haproxy/[^/]*\\.cfg\\'" . haproxy-mode))
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(haproxy-mode . ("lb-drift-language-server" "--stdio"))))
(add-hook 'haproxy-mode-hook #'eglot-ensure)
