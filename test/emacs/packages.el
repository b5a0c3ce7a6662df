;;; packages.el --- Activates the system-wide ELPA packages under `emacs -Q'  -*- lexical-binding: t -*-

;; A normal Emacs start activates the installed packages (`package-activate-all') before it
;; loads the user's init file, so the init file can call their autoloaded commands. `emacs -Q'
;; skips that, and its implied --no-site-lisp also drops the site-lisp folders from `load-path',
;; which leaves `package-directory-list' (computed from `load-path') empty. On Emacs 28 that
;; means no eglot at all: Debian's elpa-eglot and elpa-nginx-mode live in
;; /usr/share/emacs/site-lisp/elpa, not in Emacs's own lisp folder (eglot is only built in from
;; Emacs 29 on). So this file puts back the two site-lisp/elpa folders of this Emacs's install
;; prefix (/usr/share/emacs/28.2/site-lisp/elpa and /usr/share/emacs/site-lisp/elpa on Debian)
;; and activates what is in them, as a normal start would, without the user's own packages:
;; HOME points into a fresh temporary folder, so `package-user-dir' is empty.

(require 'package)

(setq package-directory-list
      (list (expand-file-name "../site-lisp/elpa" data-directory)
            (expand-file-name "../../site-lisp/elpa" data-directory)))

(package-initialize)

;;; packages.el ends here
