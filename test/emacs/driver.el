;;; driver.el --- Drives eglot as a client of the lb-drift language server, in batch  -*- lexical-binding: t -*-

;; Load it last, after packages.el and the client set-up (the README's snippet, loaded as an
;; init file would be), with LB_DRIFT_EMACS_PLAN set to the path of a JSON plan (see plan.ts for
;; its shape):
;;
;;   emacs --batch -Q -l packages.el -l snippet.el -l driver.el
;;
;; It opens the plan's file, lets the snippet's `eglot-ensure' connect, waits until eglot
;; manages the buffer and Flymake holds lb-drift's diagnostics, asks for a hover and for the code
;; actions at each diagnostic's line, shuts the server down, and writes one JSON object per line
;; to the plan's output file. It exits 0 when everything answered in time, and 1, after an
;; {"kind":"error"} line, on any timeout, error or missing answer.

(require 'cl-lib)
(require 'json)

(defvar lb-drift-test--plan nil "The plan, as an alist read from LB_DRIFT_EMACS_PLAN.")
(defvar lb-drift-test--server nil "The eglot server once connected, for the error record.")
(defvar lb-drift-test--step "reading the plan" "What the driver is doing, for error messages.")

(defun lb-drift-test--get (key &optional object)
  "The value of KEY in OBJECT, by default the plan."
  (alist-get key (or object lb-drift-test--plan)))

(defun lb-drift-test--timeout ()
  "The bound of every wait and request, in seconds."
  (/ (or (lb-drift-test--get 'timeoutMs) 20000) 1000.0))

(defun lb-drift-test--emit (&rest record)
  "Append RECORD, a plist, to the output file as one line of JSON."
  (let ((line (concat (json-encode record) "\n"))
        (output (lb-drift-test--get 'output)))
    (if output
        (write-region line nil output 'append 'silent)
      (princ line))))

(defun lb-drift-test--events ()
  "The end of the server's events buffer, where eglot logs every message, or nil."
  (when-let* ((server lb-drift-test--server)
              (buffer (ignore-errors (jsonrpc-events-buffer server))))
    (with-current-buffer buffer
      (buffer-substring-no-properties (max (point-min) (- (point-max) 4000)) (point-max)))))

(defun lb-drift-test--fail (message)
  "Record MESSAGE as the reason of the failure and end Emacs with status 1."
  (lb-drift-test--emit :kind "error" :message message :events (lb-drift-test--events))
  (message "lb-drift emacs test: %s" message)
  (kill-emacs 1))

(defun lb-drift-test--wait-for (what condition)
  "Wait until CONDITION returns non-nil, for at most the plan's timeout.
Processes output and runs timers (Flymake's among them) meanwhile; on timeout, fail with WHAT."
  (let ((deadline (+ (float-time) (lb-drift-test--timeout))))
    (while (not (funcall condition))
      (when (> (float-time) deadline)
        (lb-drift-test--fail (format "timed out after %.0f s waiting for %s" (lb-drift-test--timeout) what)))
      (accept-process-output nil 0.05))))

(defun lb-drift-test--lsp-diagnostic (diagnostic)
  "The LSP diagnostic (a plist) that eglot stored in the Flymake DIAGNOSTIC, or nil."
  (cdr (assq 'eglot-lsp-diag (flymake-diagnostic-data diagnostic))))

(defun lb-drift-test--lb-drift-diagnostics ()
  "The Flymake diagnostics of the current buffer that came from the language server."
  (cl-remove-if-not #'lb-drift-test--lsp-diagnostic (flymake-diagnostics)))

(defun lb-drift-test--record-server-errors (_server method &rest params)
  "Record window/logMessage errors: a handler that threw on the server reports itself so.
Eglot only writes these to its events buffer, where nobody would notice them in batch."
  (when (and (memq method '(window/logMessage :window/logMessage))
             (eql (plist-get params :type) 1))
    (lb-drift-test--emit :kind "serverError" :message (plist-get params :message))))

(defun lb-drift-test--goto (line character)
  "Move to the 1-based LINE and CHARACTER."
  (goto-char (point-min))
  (forward-line (1- line))
  (forward-char (1- character)))

(defun lb-drift-test--hover (server)
  "Ask SERVER for a hover at the plan's position and record the text eglot would show."
  (let* ((position (lb-drift-test--get 'hover))
         (line (lb-drift-test--get 'line position)))
    (lb-drift-test--goto line (lb-drift-test--get 'character position))
    (let ((result (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)
                                   :timeout (lb-drift-test--timeout))))
      (unless result
        (lb-drift-test--fail (format "no hover at line %d" line)))
      ;; `eglot--hover-info' formats the contents as eglot's eldoc function shows them.
      (lb-drift-test--emit :kind "hover" :line line
                           :text (eglot--hover-info (plist-get result :contents))))))

(defun lb-drift-test--code-actions (line)
  "Record the titles of the code actions that `eglot-code-actions' finds on LINE.
It sends the Flymake diagnostics of the range as the request's context, as \\[eglot-code-actions]
does, so the actions show that the diagnostics made the round trip."
  (lb-drift-test--goto line 1)
  (let* ((jsonrpc-default-request-timeout (lb-drift-test--timeout))
         (actions (eglot-code-actions (line-beginning-position) (line-end-position))))
    (unless actions
      (lb-drift-test--fail (format "no code actions at line %d" line)))
    (lb-drift-test--emit :kind "codeActions" :line line
                         :titles (vconcat (mapcar (lambda (a) (plist-get a :title)) actions)))))

(defun lb-drift-test--main ()
  (let ((plan-path (getenv "LB_DRIFT_EMACS_PLAN")))
    (unless plan-path
      (lb-drift-test--fail "LB_DRIFT_EMACS_PLAN is not set"))
    (setq lb-drift-test--plan (json-read-file plan-path)))
  ;; Whether eglot was loaded before the file was opened: on Emacs 28 it is not, so the
  ;; snippet's `with-eval-after-load' only runs once `eglot-ensure' autoloads eglot.
  (lb-drift-test--emit :kind "started" :emacsVersion emacs-version :eglotLoaded (if (featurep 'eglot) t :json-false))
  (setq lb-drift-test--step "opening the file")
  (find-file (lb-drift-test--get 'file))
  ;; nginx-mode also claims files whose text looks like nginx (`magic-fallback-mode-alist'), so
  ;; the mode alone does not show that the snippet's `auto-mode-alist' entry matched the name.
  (let ((by-name (assoc-default buffer-file-name auto-mode-alist #'string-match)))
    (lb-drift-test--emit :kind "opened" :file buffer-file-name :mode (symbol-name major-mode)
                         :modeByName (and by-name (symbol-name (if (consp by-name) (car by-name) by-name)))))
  ;; `eglot-ensure' connects at the end of the current command, from `post-command-hook', which
  ;; only the interactive command loop runs. In batch nothing does, so run it here, in the
  ;; file's buffer, as the command loop would after the `find-file' command.
  (setq lb-drift-test--step "connecting through eglot-ensure")
  (run-hooks 'post-command-hook)
  (lb-drift-test--wait-for "eglot to manage the buffer"
                           (lambda () (and (fboundp 'eglot-managed-p) (eglot-managed-p))))
  (require 'flymake)
  (advice-add 'eglot-handle-notification :before #'lb-drift-test--record-server-errors)
  (let* ((server (eglot-current-server))
         (process (jsonrpc--process server)))
    (setq lb-drift-test--server server)
    ;; The pid goes out at once, so the test can stop the server if Emacs dies before it does.
    (lb-drift-test--emit :kind "connected" :command (vconcat (process-command process))
                         :serverPid (process-id process))
    (lb-drift-test--wait-for "lb-drift diagnostics in Flymake" #'lb-drift-test--lb-drift-diagnostics)
    (let ((diagnostics (lb-drift-test--lb-drift-diagnostics)))
      (dolist (d diagnostics)
        (let ((lsp (lb-drift-test--lsp-diagnostic d))
              (beg (flymake-diagnostic-beg d)))
          (lb-drift-test--emit :kind "diagnostic"
                               :line (line-number-at-pos beg)
                               :col (save-excursion (goto-char beg) (1+ (current-column)))
                               :type (symbol-name (flymake-diagnostic-type d))
                               :code (plist-get lsp :code)
                               :source (plist-get lsp :source)
                               :message (flymake-diagnostic-text d))))
      (setq lb-drift-test--step "asking for a hover")
      (lb-drift-test--hover server)
      (setq lb-drift-test--step "asking for code actions")
      (dolist (line (delete-dups (mapcar (lambda (d) (line-number-at-pos (flymake-diagnostic-beg d)))
                                         diagnostics)))
        (lb-drift-test--code-actions line)))
    (setq lb-drift-test--step "shutting the server down")
    (eglot-shutdown server nil (lb-drift-test--timeout))
    (lb-drift-test--emit :kind "shutdown" :serverLive (if (process-live-p process) t :json-false)
                         :serverStatus (symbol-name (process-status process))))
  (lb-drift-test--emit :kind "done")
  (kill-emacs 0))

;; Any Lisp error is a failure like a timeout, with its message in the records.
(condition-case err
    (lb-drift-test--main)
  (error (lb-drift-test--fail (format "%s while %s" (error-message-string err) lb-drift-test--step))))

;;; driver.el ends here
