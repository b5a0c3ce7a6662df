/**
 * Open-source nginx directives of the main, events and mail contexts (src/core, src/event, src/mail, src/os).
 *
 * Source: github.com/nginx/nginx at 3f6f7824d4e2 (1.31.4+): every name in the
 * module's `ngx_command_t` array, grouped by module and by where nginx accepts it. `@version` is the
 * first release tag (1.0.0 or later) whose source has the name in that module; `!version` the first
 * release without it. Names read from every release tag from release-1.0.0 to release-1.31.4.
 */
import type { KnownModule } from './types';

export const NGINX_CORE: readonly KnownModule[] = [
  {
    module: 'nginx',
    where: 'main',
    names: `
      daemon debug_points env load_module@1.9.11 lock_file master_process pid thread_stack_size!1.9.0
      timer_resolution user worker_cpu_affinity worker_priority worker_processes worker_rlimit_core
      worker_rlimit_nofile worker_rlimit_sigpending!1.9.0 worker_shutdown_timeout@1.11.11
      worker_threads!1.9.0 working_directory
    `,
  },
  {
    module: 'ngx_conf_file',
    where: 'any',
    names: `
      include
    `,
  },
  {
    module: 'ngx_devpoll_module',
    where: 'events',
    names: `
      devpoll_changes devpoll_events
    `,
  },
  {
    module: 'ngx_epoll_module',
    where: 'events',
    names: `
      epoll_events worker_aio_requests@1.0.7
    `,
  },
  {
    module: 'ngx_event',
    where: 'events',
    names: `
      accept_mutex accept_mutex_delay connections!1.9.1 debug_connection multi_accept use
      worker_connections
    `,
  },
  {
    module: 'ngx_event',
    where: 'main',
    names: `
      events
    `,
  },
  {
    module: 'ngx_event_openssl',
    where: 'main',
    names: `
      ssl_engine
    `,
  },
  {
    module: 'ngx_event_openssl_cache',
    where: 'main',
    names: `
      ssl_object_cache_inheritable@1.27.4
    `,
  },
  {
    module: 'ngx_event_quic_bpf',
    where: 'main',
    names: `
      quic_bpf@1.25.0
    `,
  },
  {
    module: 'ngx_eventport_module',
    where: 'events',
    names: `
      eventport_events
    `,
  },
  {
    module: 'ngx_google_perftools_module',
    where: 'main',
    names: `
      google_perftools_profiles
    `,
  },
  {
    module: 'ngx_http',
    where: 'main',
    names: `
      http
    `,
  },
  {
    module: 'ngx_iocp_module',
    where: 'events',
    names: `
      acceptex_read@1.9.14 iocp_threads@1.9.14 post_acceptex@1.9.14
    `,
  },
  {
    module: 'ngx_kqueue_module',
    where: 'events',
    names: `
      kqueue_changes kqueue_events
    `,
  },
  {
    module: 'ngx_log',
    where: 'main',
    names: `
      error_log@1.9.14
    `,
  },
  {
    module: 'ngx_mail',
    where: 'main',
    names: `
      imap!1.9.1 mail
    `,
  },
  {
    module: 'ngx_mail_auth_http_module',
    where: 'mail',
    names: `
      auth_http auth_http_header auth_http_pass_client_cert@1.7.11 auth_http_timeout
    `,
  },
  {
    module: 'ngx_mail_core_module',
    where: 'mail',
    names: `
      error_log@1.9.0 listen max_errors@1.21.0 protocol resolver resolver_timeout server server_name
      so_keepalive!1.9.1 timeout
    `,
  },
  {
    module: 'ngx_mail_imap_module',
    where: 'mail',
    names: `
      imap_auth imap_capabilities imap_client_buffer
    `,
  },
  {
    module: 'ngx_mail_pop3_module',
    where: 'mail',
    names: `
      pop3_auth pop3_capabilities
    `,
  },
  {
    module: 'ngx_mail_proxy_module',
    where: 'mail',
    names: `
      proxy proxy_buffer proxy_pass_error_message proxy_protocol@1.19.8 proxy_smtp_auth@1.19.4
      proxy_timeout xclient
    `,
  },
  {
    module: 'ngx_mail_realip_module',
    where: 'mail',
    names: `
      set_real_ip_from@1.19.8
    `,
  },
  {
    module: 'ngx_mail_smtp_module',
    where: 'mail',
    names: `
      smtp_auth smtp_capabilities smtp_client_buffer smtp_greeting_delay
    `,
  },
  {
    module: 'ngx_mail_ssl_module',
    where: 'mail',
    names: `
      ssl!1.25.1 ssl_certificate ssl_certificate_compression@1.29.1 ssl_certificate_key ssl_ciphers
      ssl_client_certificate@1.7.11 ssl_conf_command@1.19.4 ssl_crl@1.7.11 ssl_dhparam
      ssl_ecdh_curve@1.0.6 ssl_password_file@1.7.3 ssl_prefer_server_ciphers ssl_protocols
      ssl_session_cache ssl_session_ticket_key@1.5.7 ssl_session_tickets@1.5.9 ssl_session_timeout
      ssl_trusted_certificate@1.7.11 ssl_verify_client@1.7.11 ssl_verify_depth@1.7.11 starttls
    `,
  },
  {
    module: 'ngx_regex',
    where: 'main',
    names: `
      pcre_jit@1.1.12
    `,
  },
  {
    module: 'ngx_rtsig_module',
    where: 'events',
    names: `
      rtsig_overflow_events!1.9.0 rtsig_overflow_test!1.9.0 rtsig_overflow_threshold!1.9.0
      rtsig_signo!1.9.0
    `,
  },
  {
    module: 'ngx_stream',
    where: 'main',
    names: `
      stream@1.9.0
    `,
  },
  {
    module: 'ngx_thread_pool',
    where: 'main',
    names: `
      thread_pool@1.7.11
    `,
  },
];
