/**
 * Open-source nginx directives of the stream contexts (src/stream).
 *
 * Source: github.com/nginx/nginx at 3f6f7824d4e2 (1.31.4+): every name in the
 * module's `ngx_command_t` array, grouped by module and by where nginx accepts it. `@version` is the
 * first release tag (1.0.0 or later) whose source has the name in that module; `!version` the first
 * release without it. Names read from every release tag from release-1.0.0 to release-1.31.4.
 */
import type { KnownModule } from './types';

export const NGINX_STREAM: readonly KnownModule[] = [
  {
    module: 'ngx_stream_access_module',
    where: 'stream',
    names: `
      allow@1.9.2 deny@1.9.2
    `,
  },
  {
    module: 'ngx_stream_core_module',
    where: 'stream',
    names: `
      error_log@1.9.0 listen@1.9.0 preread_buffer_size@1.11.5 preread_timeout@1.11.5
      proxy_protocol_timeout@1.11.4 resolver@1.11.3 resolver_timeout@1.11.3 server@1.9.0
      server_name@1.25.5 server_names_hash_bucket_size@1.25.5 server_names_hash_max_size@1.25.5
      tcp_nodelay@1.9.4 variables_hash_bucket_size@1.11.2 variables_hash_max_size@1.11.2
    `,
  },
  {
    module: 'ngx_stream_geo_module',
    where: 'stream',
    names: `
      geo@1.11.3
    `,
  },
  {
    module: 'ngx_stream_geoip_module',
    where: 'stream',
    names: `
      geoip_city@1.11.3 geoip_country@1.11.3 geoip_org@1.11.3
    `,
  },
  {
    module: 'ngx_stream_limit_conn_module',
    where: 'stream',
    names: `
      limit_conn@1.9.3 limit_conn_dry_run@1.17.6 limit_conn_log_level@1.9.3 limit_conn_zone@1.9.3
    `,
  },
  {
    module: 'ngx_stream_log_module',
    where: 'stream',
    names: `
      access_log@1.11.4 log_format@1.11.4 open_log_file_cache@1.11.4
    `,
  },
  {
    module: 'ngx_stream_map_module',
    where: 'stream',
    names: `
      map@1.11.2 map_hash_bucket_size@1.11.2 map_hash_max_size@1.11.2
    `,
  },
  {
    module: 'ngx_stream_pass_module',
    where: 'stream',
    names: `
      pass@1.25.5
    `,
  },
  {
    module: 'ngx_stream_proxy_module',
    where: 'stream',
    names: `
      proxy_bind@1.9.2 proxy_buffer_size@1.9.4 proxy_connect_timeout@1.9.0 proxy_download_rate@1.9.3
      proxy_downstream_buffer@1.9.0 proxy_half_close@1.21.4 proxy_next_upstream@1.9.0
      proxy_next_upstream_timeout@1.9.0 proxy_next_upstream_tries@1.9.0 proxy_pass@1.9.0
      proxy_protocol@1.9.2 proxy_requests@1.15.7 proxy_responses@1.9.13 proxy_socket_keepalive@1.15.6
      proxy_socket_rcvbuf@1.31.3 proxy_socket_sndbuf@1.31.3 proxy_ssl@1.9.0 proxy_ssl_alpn@1.31.0
      proxy_ssl_certificate@1.9.0 proxy_ssl_certificate_cache@1.27.4 proxy_ssl_certificate_key@1.9.0
      proxy_ssl_ciphers@1.9.0 proxy_ssl_conf_command@1.19.4 proxy_ssl_crl@1.9.0 proxy_ssl_name@1.9.0
      proxy_ssl_password_file@1.9.0 proxy_ssl_protocols@1.9.0 proxy_ssl_server_name@1.9.0
      proxy_ssl_session_reuse@1.9.0 proxy_ssl_trusted_certificate@1.9.0 proxy_ssl_verify@1.9.0
      proxy_ssl_verify_depth@1.9.0 proxy_timeout@1.9.0 proxy_upload_rate@1.9.3 proxy_upstream_buffer@1.9.0
    `,
  },
  {
    module: 'ngx_stream_realip_module',
    where: 'stream',
    names: `
      set_real_ip_from@1.11.4
    `,
  },
  {
    module: 'ngx_stream_return_module',
    where: 'stream',
    names: `
      return@1.11.2
    `,
  },
  {
    module: 'ngx_stream_set_module',
    where: 'stream',
    names: `
      set@1.19.3
    `,
  },
  {
    module: 'ngx_stream_split_clients_module',
    where: 'stream',
    names: `
      split_clients@1.11.3
    `,
  },
  {
    module: 'ngx_stream_ssl_module',
    where: 'stream',
    names: `
      ssl_alpn@1.21.4 ssl_certificate@1.9.0 ssl_certificate_cache@1.27.4
      ssl_certificate_compression@1.29.1 ssl_certificate_key@1.9.0 ssl_ciphers@1.9.0
      ssl_client_certificate@1.11.8 ssl_conf_command@1.19.4 ssl_crl@1.11.8 ssl_dhparam@1.9.0
      ssl_ecdh_curve@1.9.0 ssl_ech_file@1.29.4 ssl_handshake_timeout@1.9.0 ssl_ocsp@1.27.2
      ssl_ocsp_cache@1.27.2 ssl_ocsp_responder@1.27.2 ssl_password_file@1.9.0
      ssl_prefer_server_ciphers@1.9.0 ssl_protocols@1.9.0 ssl_reject_handshake@1.25.5
      ssl_session_cache@1.9.0 ssl_session_ticket_key@1.9.0 ssl_session_tickets@1.9.0
      ssl_session_timeout@1.9.0 ssl_stapling@1.27.2 ssl_stapling_file@1.27.2 ssl_stapling_responder@1.27.2
      ssl_stapling_verify@1.27.2 ssl_trusted_certificate@1.11.8 ssl_verify_client@1.11.8
      ssl_verify_depth@1.11.8
    `,
  },
  {
    module: 'ngx_stream_ssl_preread_module',
    where: 'stream',
    names: `
      ssl_preread@1.11.5
    `,
  },
  {
    module: 'ngx_stream_upstream',
    where: 'stream',
    names: `
      upstream@1.9.0
    `,
  },
  {
    module: 'ngx_stream_upstream',
    where: 'stream-upstream',
    names: `
      resolver@1.27.3 resolver_timeout@1.27.3 server@1.9.0
    `,
  },
  {
    module: 'ngx_stream_upstream_hash_module',
    where: 'stream-upstream',
    names: `
      hash@1.9.0
    `,
  },
  {
    module: 'ngx_stream_upstream_least_conn_module',
    where: 'stream-upstream',
    names: `
      least_conn@1.9.0
    `,
  },
  {
    module: 'ngx_stream_upstream_least_time_module',
    where: 'stream-upstream',
    names: `
      least_time@1.31.0
    `,
  },
  {
    module: 'ngx_stream_upstream_random_module',
    where: 'stream-upstream',
    names: `
      random@1.15.1
    `,
  },
  {
    module: 'ngx_stream_upstream_zone_module',
    where: 'stream-upstream',
    names: `
      zone@1.9.0
    `,
  },
];
