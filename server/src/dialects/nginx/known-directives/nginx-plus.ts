/**
 * NGINX Plus (commercial) directives.
 *
 * Source: github.com/nginx/nginx-directive-reference at 6b459c9390d0 (reference-lib/src/reference.json,
 * built from nginx.org commit 6d4ca3fd0637): every directive of a standard context whose name is
 * in no open-source release of github.com/nginx/nginx (1.0.0 to 1.31.4). njs, acme and otel
 * are open source but ship apart from nginx: see their own lists. Directives that exist only
 * inside another Plus block (`oidc_provider { issuer ...; }`, `mgmt { ... }`) are not listed:
 * lb-drift does not check inside blocks it does not know.
 */
import type { KnownModule } from './types';

export const NGINX_PLUS: readonly KnownModule[] = [
  { module: 'ngx_http_api_module', where: 'http', plus: true, names: 'api status_zone' },
  { module: 'ngx_http_auth_jwt_module', where: 'http', plus: true, names: 'auth_jwt auth_jwt_claim_set auth_jwt_header_set auth_jwt_key_cache auth_jwt_key_file auth_jwt_key_request auth_jwt_leeway auth_jwt_require auth_jwt_type' },
  { module: 'ngx_http_auth_require_module', where: 'http', plus: true, names: 'auth_require' },
  { module: 'ngx_http_core_module', where: 'http', plus: true, names: 'error_log_tag' },
  { module: 'ngx_http_f4f_module', where: 'http', plus: true, names: 'f4f f4f_buffer_size' },
  { module: 'ngx_http_fastcgi_module', where: 'http', plus: true, names: 'fastcgi_allow_upstream fastcgi_bind_dynamic fastcgi_cache_purge fastcgi_request_dynamic' },
  { module: 'ngx_http_grpc_module', where: 'http', plus: true, names: 'grpc_allow_upstream grpc_bind_dynamic grpc_request_dynamic grpc_ssl_key_log' },
  { module: 'ngx_http_hls_module', where: 'http', plus: true, names: 'hls hls_buffers hls_forward_args hls_fragment hls_mp4_buffer_size hls_mp4_max_buffer_size' },
  { module: 'ngx_http_internal_redirect_module', where: 'http', plus: true, names: 'internal_redirect' },
  { module: 'ngx_http_keyval_module', where: 'http', plus: true, names: 'keyval keyval_zone' },
  { module: 'ngx_http_memcached_module', where: 'http', plus: true, names: 'memcached_allow_upstream memcached_bind_dynamic' },
  { module: 'ngx_http_mp4_module', where: 'http', plus: true, names: 'mp4_limit_rate mp4_limit_rate_after' },
  { module: 'ngx_http_num_map_module', where: 'http', plus: true, names: 'num_map' },
  { module: 'ngx_http_oidc_module', where: 'http', plus: true, names: 'auth_oidc oidc_provider' },
  { module: 'ngx_http_proxy_module', where: 'http', plus: true, names: 'proxy_allow_upstream proxy_bind_dynamic proxy_cache_purge proxy_request_dynamic proxy_ssl_key_log' },
  { module: 'ngx_http_scgi_module', where: 'http', plus: true, names: 'scgi_allow_upstream scgi_bind_dynamic scgi_cache_purge scgi_request_dynamic' },
  { module: 'ngx_http_session_log_module', where: 'http', plus: true, names: 'session_log session_log_format session_log_zone' },
  { module: 'ngx_http_ssl_module', where: 'http', plus: true, names: 'ssl_key_log' },
  { module: 'ngx_http_status_module', where: 'http', plus: true, names: 'status_format status_zone' },
  { module: 'ngx_http_tunnel_module', where: 'http', plus: true, names: 'tunnel_allow_upstream tunnel_bind_dynamic' },
  { module: 'ngx_http_upstream_conf_module', where: 'http', plus: true, names: 'upstream_conf' },
  { module: 'ngx_http_upstream_hc_module', where: 'http', plus: true, names: 'health_check match' },
  { module: 'ngx_http_upstream_module', where: 'upstream', plus: true, names: 'ntlm queue state' },
  { module: 'ngx_http_uwsgi_module', where: 'http', plus: true, names: 'uwsgi_allow_upstream uwsgi_bind_dynamic uwsgi_cache_purge uwsgi_request_dynamic uwsgi_ssl_key_log' },
  { module: 'ngx_mgmt_module', where: 'main', plus: true, names: 'mgmt' },
  { module: 'ngx_stream_keyval_module', where: 'stream', plus: true, names: 'keyval keyval_zone' },
  { module: 'ngx_stream_mqtt_filter_module', where: 'stream', plus: true, names: 'mqtt mqtt_buffers mqtt_rewrite_buffer_size mqtt_set_connect' },
  { module: 'ngx_stream_mqtt_preread_module', where: 'stream', plus: true, names: 'mqtt_preread' },
  { module: 'ngx_stream_num_map_module', where: 'stream', plus: true, names: 'num_map' },
  { module: 'ngx_stream_proxy_module', where: 'stream', plus: true, names: 'proxy_bind_dynamic proxy_session_drop proxy_ssl_key_log' },
  { module: 'ngx_stream_ssl_module', where: 'stream', plus: true, names: 'ssl_key_log' },
  { module: 'ngx_stream_upstream_hc_module', where: 'stream', plus: true, names: 'health_check health_check_timeout match' },
  { module: 'ngx_stream_upstream_module', where: 'stream-upstream', plus: true, names: 'state' },
  { module: 'ngx_stream_zone_sync_module', where: 'stream', plus: true, names: 'zone_sync zone_sync_buffers zone_sync_connect_retry_interval zone_sync_connect_timeout zone_sync_interval zone_sync_recv_buffer_size zone_sync_server zone_sync_ssl zone_sync_ssl_certificate zone_sync_ssl_certificate_key zone_sync_ssl_ciphers zone_sync_ssl_conf_command zone_sync_ssl_crl zone_sync_ssl_name zone_sync_ssl_password_file zone_sync_ssl_protocols zone_sync_ssl_server_name zone_sync_ssl_trusted_certificate zone_sync_ssl_verify zone_sync_ssl_verify_depth zone_sync_timeout' },
  // Plus had these before open-source nginx did; the open-source lists give the release that
  // brought them (nginx CHANGES: zone 1.9.0, resolver in upstream 1.27.3, sticky 1.29.6,
  // least_time 1.31.0).
  { module: 'ngx_http_upstream_module', where: 'upstream', plus: true, names: 'least_time resolver resolver_timeout sticky zone' },
  { module: 'ngx_stream_upstream_module', where: 'stream-upstream', plus: true, names: 'least_time resolver resolver_timeout zone' },
];
