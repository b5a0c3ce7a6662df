/**
 * OpenResty's modules (lua, stream-lua, headers-more, echo, set-misc, srcache, redis2, memc,
 * encrypted-session) and nginx's own njs, which ships apart from nginx as a dynamic module. Names
 * are those of each module's `ngx_command_t` arrays, at the commit given per module.
 */
import type { KnownModule } from './types';

export const OPENRESTY_AND_NJS: readonly KnownModule[] = [
  // github.com/openresty/lua-nginx-module at bbed32a6e500
  {
    module: 'ngx_http_lua_module',
    where: 'http',
    addon: 'lua',
    thirdParty: true,
    names: `
      access_by_lua access_by_lua_block access_by_lua_file access_by_lua_no_postpone balancer_by_lua_block
      balancer_by_lua_file balancer_keepalive body_filter_by_lua body_filter_by_lua_block
      body_filter_by_lua_file content_by_lua content_by_lua_block content_by_lua_file
      exit_worker_by_lua_block exit_worker_by_lua_file header_filter_by_lua header_filter_by_lua_block
      header_filter_by_lua_file init_by_lua init_by_lua_block init_by_lua_file init_worker_by_lua
      init_worker_by_lua_block init_worker_by_lua_file log_by_lua log_by_lua_block log_by_lua_file
      lua_capture_error_log lua_check_client_abort lua_code_cache lua_fake_shm lua_http10_buffering
      lua_load_resty_core lua_malloc_trim lua_max_pending_timers lua_max_running_timers
      lua_need_request_body lua_package_cpath lua_package_path lua_regex_cache_max_entries
      lua_regex_match_limit lua_sa_restart lua_shared_dict lua_socket_buffer_size
      lua_socket_connect_timeout lua_socket_keepalive_timeout lua_socket_log_errors lua_socket_pool_size
      lua_socket_read_timeout lua_socket_send_lowat lua_socket_send_timeout lua_ssl_certificate
      lua_ssl_certificate_key lua_ssl_ciphers lua_ssl_conf_command lua_ssl_crl lua_ssl_key_log
      lua_ssl_protocols lua_ssl_trusted_certificate lua_ssl_verify_depth lua_thread_cache_max_entries
      lua_transform_underscores_in_response_headers lua_upstream_skip_openssl_default_verify
      lua_use_default_type lua_worker_thread_vm_pool_size precontent_by_lua_block precontent_by_lua_file
      precontent_by_lua_no_postpone proxy_ssl_certificate_by_lua_block proxy_ssl_certificate_by_lua_file
      proxy_ssl_verify_by_lua_block proxy_ssl_verify_by_lua_file rewrite_by_lua rewrite_by_lua_block
      rewrite_by_lua_file rewrite_by_lua_no_postpone server_rewrite_by_lua_block
      server_rewrite_by_lua_file set_by_lua set_by_lua_block set_by_lua_file ssl_certificate_by_lua_block
      ssl_certificate_by_lua_file ssl_client_hello_by_lua_block ssl_client_hello_by_lua_file
      ssl_session_fetch_by_lua_block ssl_session_fetch_by_lua_file ssl_session_store_by_lua_block
      ssl_session_store_by_lua_file
    `,
  },
  // github.com/openresty/stream-lua-nginx-module at 9344b4d0ca09
  {
    module: 'ngx_stream_lua_module',
    where: 'stream',
    addon: 'stream-lua',
    thirdParty: true,
    names: `
      balancer_by_lua_block balancer_by_lua_file content_by_lua content_by_lua_block content_by_lua_file
      init_by_lua init_by_lua_block init_by_lua_file init_worker_by_lua init_worker_by_lua_block
      init_worker_by_lua_file log_by_lua_block log_by_lua_file lua_add_variable lua_capture_error_log
      lua_check_client_abort lua_code_cache lua_load_resty_core lua_malloc_trim lua_max_pending_timers
      lua_max_running_timers lua_package_cpath lua_package_path lua_regex_cache_max_entries
      lua_regex_match_limit lua_sa_restart lua_shared_dict lua_socket_buffer_size
      lua_socket_connect_timeout lua_socket_keepalive_timeout lua_socket_log_errors lua_socket_pool_size
      lua_socket_read_timeout lua_socket_send_lowat lua_socket_send_timeout lua_ssl_certificate
      lua_ssl_certificate_key lua_ssl_ciphers lua_ssl_conf_command lua_ssl_crl lua_ssl_key_log
      lua_ssl_protocols lua_ssl_trusted_certificate lua_ssl_verify_depth
      lua_upstream_skip_openssl_default_verify preread_by_lua_block preread_by_lua_file
      preread_by_lua_no_postpone proxy_ssl_certificate_by_lua_block proxy_ssl_certificate_by_lua_file
      proxy_ssl_verify_by_lua_block proxy_ssl_verify_by_lua_file ssl_certificate_by_lua_block
      ssl_certificate_by_lua_file ssl_client_hello_by_lua_block ssl_client_hello_by_lua_file
    `,
  },
  // github.com/openresty/headers-more-nginx-module at e76a51306b15
  {
    module: 'ngx_http_headers_more_filter_module',
    where: 'http',
    addon: 'headers-more',
    thirdParty: true,
    names: `
      more_clear_headers more_clear_input_headers more_set_headers more_set_input_headers
    `,
  },
  // github.com/nginx/njs at 3e02ae0fae03
  {
    module: 'ngx_http_js_module / ngx_stream_js_module',
    where: 'http',
    addon: 'njs',
    names: `
      js_access js_body_filter js_content js_context_reuse js_context_reuse_max_size js_engine
      js_fetch_buffer_size js_fetch_ciphers js_fetch_keepalive js_fetch_keepalive_requests
      js_fetch_keepalive_time js_fetch_keepalive_timeout js_fetch_max_response_buffer_size
      js_fetch_protocols js_fetch_proxy js_fetch_timeout js_fetch_trusted_certificate js_fetch_verify
      js_fetch_verify_depth js_header_filter js_import js_path js_periodic js_preload_object js_set
      js_shared_dict_zone js_var
    `,
  },
  // github.com/nginx/njs at 3e02ae0fae03
  {
    module: 'ngx_http_js_module / ngx_stream_js_module',
    where: 'main',
    addon: 'njs',
    names: `
      js_load_http_native_module js_load_stream_native_module
    `,
  },
  // github.com/nginx/njs at 3e02ae0fae03
  {
    module: 'ngx_http_js_module / ngx_stream_js_module',
    where: 'stream',
    addon: 'njs',
    names: `
      js_access js_context_reuse js_context_reuse_max_size js_engine js_fetch_buffer_size js_fetch_ciphers
      js_fetch_keepalive js_fetch_keepalive_requests js_fetch_keepalive_time js_fetch_keepalive_timeout
      js_fetch_max_response_buffer_size js_fetch_protocols js_fetch_proxy js_fetch_timeout
      js_fetch_trusted_certificate js_fetch_verify js_fetch_verify_depth js_filter js_import js_path
      js_periodic js_preload_object js_preread js_set js_shared_dict_zone js_var
    `,
  },
  // github.com/openresty/echo-nginx-module at 1148fe77cd7c
  {
    module: 'ngx_http_echo_module',
    where: 'http',
    addon: 'echo',
    thirdParty: true,
    names: `
      echo echo_abort_parent echo_after_body echo_before_body echo_blocking_sleep echo_duplicate echo_end
      echo_exec echo_flush echo_foreach_split echo_location echo_location_async echo_read_request_body
      echo_request_body echo_reset_timer echo_sleep echo_status echo_subrequest echo_subrequest_async
    `,
  },
  // github.com/openresty/set-misc-nginx-module at fdad936b03a5
  {
    module: 'ngx_http_set_misc_module',
    where: 'http',
    addon: 'set-misc',
    thirdParty: true,
    names: `
      set_base32_alphabet set_base32_padding set_decode_base32 set_encode_base32 set_formatted_gmt_time
      set_formatted_local_time set_hashed_upstream set_local_today set_misc_base32_padding
    `,
  },
  // github.com/openresty/srcache-nginx-module at 33e5f13be396
  {
    module: 'ngx_http_srcache_filter_module',
    where: 'http',
    addon: 'srcache',
    thirdParty: true,
    names: `
      srcache_buffer srcache_default_expire srcache_fetch srcache_fetch_skip srcache_header_buffer_size
      srcache_ignore_content_encoding srcache_max_expire srcache_methods srcache_request_cache_control
      srcache_response_cache_control srcache_store srcache_store_hide_header srcache_store_max_size
      srcache_store_no_cache srcache_store_no_store srcache_store_pass_header srcache_store_private
      srcache_store_ranges srcache_store_skip srcache_store_statuses
    `,
  },
  // github.com/openresty/redis2-nginx-module at 197f3e2f32b8
  {
    module: 'ngx_http_redis2_module',
    where: 'http',
    addon: 'redis2',
    thirdParty: true,
    names: `
      redis2_bind redis2_buffer_size redis2_connect_timeout redis2_literal_raw_query redis2_next_upstream
      redis2_pass redis2_query redis2_raw_queries redis2_raw_query redis2_read_timeout redis2_send_timeout
    `,
  },
  // github.com/openresty/memc-nginx-module at e18ec73641b7
  {
    module: 'ngx_http_memc_module',
    where: 'http',
    addon: 'memc',
    thirdParty: true,
    names: `
      memc_buffer_size memc_cmds_allowed memc_connect_timeout memc_flags_to_last_modified
      memc_ignore_client_abort memc_next_upstream memc_pass memc_read_timeout memc_send_timeout
      memc_upstream_fail_timeout memc_upstream_max_fails
    `,
  },
  // github.com/openresty/encrypted-session-nginx-module at 7ffe4ec55c50
  {
    module: 'ngx_http_encrypted_session_module',
    where: 'http',
    addon: 'encrypted-session',
    thirdParty: true,
    names: `
      encrypted_session_expires encrypted_session_iv encrypted_session_key set_decrypt_session
      set_encrypt_session
    `,
  },
];
