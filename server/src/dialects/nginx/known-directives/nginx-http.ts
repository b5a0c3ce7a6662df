/**
 * Open-source nginx directives of the http contexts (src/http).
 *
 * Source: github.com/nginx/nginx at 3f6f7824d4e2 (1.31.4+): every name in the
 * module's `ngx_command_t` array, grouped by module and by where nginx accepts it. `@version` is the
 * first release tag (1.0.0 or later) whose source has the name in that module; `!version` the first
 * release without it. Names read from every release tag from release-1.0.0 to release-1.31.4; a name
 * only on master after 1.31.4 (`client_body_early_read`) is left out until a release has it.
 */
import type { KnownModule } from './types';

export const NGINX_HTTP: readonly KnownModule[] = [
  {
    module: 'ngx_http_access_module',
    where: 'http',
    names: `
      allow deny
    `,
  },
  {
    module: 'ngx_http_addition_filter_module',
    where: 'http',
    names: `
      add_after_body add_before_body addition_types
    `,
  },
  {
    module: 'ngx_http_auth_basic_module',
    where: 'http',
    names: `
      auth_basic auth_basic_user_file
    `,
  },
  {
    module: 'ngx_http_auth_request_module',
    where: 'http',
    names: `
      auth_request@1.5.4 auth_request_set@1.5.4
    `,
  },
  {
    module: 'ngx_http_autoindex_module',
    where: 'http',
    names: `
      autoindex autoindex_exact_size autoindex_format@1.7.9 autoindex_localtime
    `,
  },
  {
    module: 'ngx_http_browser_module',
    where: 'http',
    names: `
      ancient_browser ancient_browser_value modern_browser modern_browser_value
    `,
  },
  {
    module: 'ngx_http_charset_filter_module',
    where: 'http',
    names: `
      charset charset_map charset_types override_charset source_charset
    `,
  },
  {
    module: 'ngx_http_copy_filter_module',
    where: 'http',
    names: `
      output_buffers
    `,
  },
  {
    module: 'ngx_http_core_module',
    where: 'http',
    names: `
      absolute_redirect@1.11.8 aio aio_write@1.9.13 alias auth_delay@1.17.10 chunked_transfer_encoding
      client_body_buffer_size client_body_in_file_only
      client_body_in_single_buffer client_body_temp_path client_body_timeout client_header_buffer_size
      client_header_timeout client_max_body_size connection_pool_size default_type directio
      directio_alignment disable_symlinks@1.1.15 early_hints@1.29.0 error_log error_page etag@1.3.3
      gzip_disable gzip_http_version gzip_proxied gzip_vary if_modified_since ignore_invalid_headers
      internal keepalive_disable keepalive_min_timeout@1.27.4 keepalive_requests keepalive_time@1.19.10
      keepalive_timeout large_client_header_buffers limit_except limit_rate limit_rate_after
      lingering_close@1.0.6 lingering_time lingering_timeout listen location log_not_found log_subrequest
      max_headers@1.29.8 max_ranges@1.0.7 merge_slashes msie_padding msie_refresh open_file_cache
      open_file_cache_errors open_file_cache_events open_file_cache_min_uses open_file_cache_retest!1.9.1
      open_file_cache_valid optimize_server_names!1.9.1 port_in_redirect post_action postpone_output
      read_ahead recursive_error_pages request_pool_size reset_timedout_connection resolver
      resolver_timeout root satisfy satisfy_any!1.9.1 send_lowat send_timeout sendfile sendfile_max_chunk
      server server_name server_name_in_redirect server_names_hash_bucket_size server_names_hash_max_size
      server_tokens subrequest_output_buffer_size@1.13.10 tcp_nodelay tcp_nopush try_files types
      types_hash_bucket_size types_hash_max_size underscores_in_headers variables_hash_bucket_size
      variables_hash_max_size
    `,
  },
  {
    module: 'ngx_http_dav_module',
    where: 'http',
    names: `
      create_full_put_path dav_access dav_methods min_delete_depth
    `,
  },
  {
    module: 'ngx_http_degradation_module',
    where: 'http',
    names: `
      degradation degrade
    `,
  },
  {
    module: 'ngx_http_empty_gif_module',
    where: 'http',
    names: `
      empty_gif
    `,
  },
  {
    module: 'ngx_http_fastcgi_module',
    where: 'http',
    names: `
      fastcgi_bind fastcgi_buffer_size fastcgi_buffering@1.5.6 fastcgi_buffers fastcgi_busy_buffers_size
      fastcgi_cache fastcgi_cache_background_update@1.11.10 fastcgi_cache_bypass fastcgi_cache_key
      fastcgi_cache_lock@1.1.12 fastcgi_cache_lock_age@1.7.8 fastcgi_cache_lock_timeout@1.1.12
      fastcgi_cache_max_range_offset@1.11.6 fastcgi_cache_methods fastcgi_cache_min_uses
      fastcgi_cache_path fastcgi_cache_revalidate@1.5.7 fastcgi_cache_use_stale fastcgi_cache_valid
      fastcgi_catch_stderr fastcgi_connect_timeout fastcgi_force_ranges@1.7.7 fastcgi_hide_header
      fastcgi_ignore_client_abort fastcgi_ignore_headers fastcgi_index fastcgi_intercept_errors
      fastcgi_keep_conn@1.1.4 fastcgi_limit_rate@1.7.7 fastcgi_max_temp_file_size fastcgi_next_upstream
      fastcgi_next_upstream_timeout@1.7.5 fastcgi_next_upstream_tries@1.7.5 fastcgi_no_cache fastcgi_param
      fastcgi_pass fastcgi_pass_header fastcgi_pass_request_body fastcgi_pass_request_headers
      fastcgi_read_timeout fastcgi_request_buffering@1.7.11 fastcgi_send_lowat fastcgi_send_timeout
      fastcgi_socket_keepalive@1.15.6 fastcgi_socket_rcvbuf@1.31.3 fastcgi_socket_sndbuf@1.31.3
      fastcgi_split_path_info fastcgi_store fastcgi_store_access fastcgi_temp_file_write_size
      fastcgi_temp_path
    `,
  },
  {
    module: 'ngx_http_flv_module',
    where: 'http',
    names: `
      flv
    `,
  },
  {
    module: 'ngx_http_geo_module',
    where: 'http',
    names: `
      geo
    `,
  },
  {
    module: 'ngx_http_geoip_module',
    where: 'http',
    names: `
      geoip_city geoip_country geoip_org@1.0.3 geoip_proxy@1.2.2 geoip_proxy_recursive@1.2.2
    `,
  },
  {
    module: 'ngx_http_grpc_module',
    where: 'http',
    names: `
      grpc_bind@1.13.10 grpc_buffer_size@1.13.10 grpc_connect_timeout@1.13.10 grpc_hide_header@1.13.10
      grpc_ignore_headers@1.13.10 grpc_intercept_errors@1.13.10 grpc_next_upstream@1.13.10
      grpc_next_upstream_timeout@1.13.10 grpc_next_upstream_tries@1.13.10 grpc_pass@1.13.10
      grpc_pass_header@1.13.10 grpc_read_timeout@1.13.10 grpc_send_timeout@1.13.10 grpc_set_header@1.13.10
      grpc_socket_keepalive@1.15.6 grpc_socket_rcvbuf@1.31.3 grpc_socket_sndbuf@1.31.3
      grpc_ssl_certificate@1.13.10 grpc_ssl_certificate_cache@1.27.4 grpc_ssl_certificate_key@1.13.10
      grpc_ssl_ciphers@1.13.10 grpc_ssl_conf_command@1.19.4 grpc_ssl_crl@1.13.10 grpc_ssl_name@1.13.10
      grpc_ssl_password_file@1.13.10 grpc_ssl_protocols@1.13.10 grpc_ssl_server_name@1.13.10
      grpc_ssl_session_reuse@1.13.10 grpc_ssl_trusted_certificate@1.13.10 grpc_ssl_verify@1.13.10
      grpc_ssl_verify_depth@1.13.10
    `,
  },
  {
    module: 'ngx_http_gunzip_filter_module',
    where: 'http',
    names: `
      gunzip@1.3.6 gunzip_buffers@1.3.6
    `,
  },
  {
    module: 'ngx_http_gzip_filter_module',
    where: 'http',
    names: `
      gzip gzip_buffers gzip_comp_level gzip_hash gzip_min_length gzip_no_buffer gzip_types gzip_window
      postpone_gzipping
    `,
  },
  {
    module: 'ngx_http_gzip_static_module',
    where: 'http',
    names: `
      gzip_static
    `,
  },
  {
    module: 'ngx_http_headers_filter_module',
    where: 'http',
    names: `
      add_header add_header_inherit@1.29.3 add_trailer@1.13.2 add_trailer_inherit@1.29.3 expires
    `,
  },
  {
    module: 'ngx_http_image_filter_module',
    where: 'http',
    names: `
      image_filter image_filter_buffer image_filter_interlace@1.3.15 image_filter_jpeg_quality
      image_filter_sharpen@1.0.11 image_filter_transparency image_filter_webp_quality@1.11.6
    `,
  },
  {
    module: 'ngx_http_index_module',
    where: 'http',
    names: `
      index
    `,
  },
  {
    module: 'ngx_http_limit_conn_module',
    where: 'http',
    names: `
      limit_conn@1.1.8 limit_conn_dry_run@1.17.6 limit_conn_log_level@1.1.8 limit_conn_status@1.3.15
      limit_conn_zone@1.1.8 limit_zone@1.1.8!1.7.6
    `,
  },
  {
    module: 'ngx_http_limit_req_module',
    where: 'http',
    names: `
      limit_req limit_req_dry_run@1.17.1 limit_req_log_level limit_req_status@1.3.15 limit_req_zone
    `,
  },
  {
    module: 'ngx_http_limit_zone_module',
    where: 'http',
    names: `
      limit_conn limit_conn_log_level limit_zone!1.7.6
    `,
  },
  {
    module: 'ngx_http_log_module',
    where: 'http',
    names: `
      access_log log_format open_log_file_cache
    `,
  },
  {
    module: 'ngx_http_map_module',
    where: 'http',
    names: `
      map map_hash_bucket_size map_hash_max_size
    `,
  },
  {
    module: 'ngx_http_memcached_module',
    where: 'http',
    names: `
      memcached_bind memcached_buffer_size memcached_connect_timeout memcached_gzip_flag@1.3.6
      memcached_next_upstream memcached_next_upstream_timeout@1.7.5 memcached_next_upstream_tries@1.7.5
      memcached_pass memcached_read_timeout memcached_send_timeout memcached_socket_keepalive@1.15.6
    `,
  },
  {
    module: 'ngx_http_mirror_module',
    where: 'http',
    names: `
      mirror@1.13.4 mirror_request_body@1.13.4
    `,
  },
  {
    module: 'ngx_http_mp4_module',
    where: 'http',
    names: `
      mp4@1.0.7 mp4_buffer_size@1.0.7 mp4_max_buffer_size@1.0.7 mp4_start_key_frame@1.21.4
    `,
  },
  {
    module: 'ngx_http_perl_module',
    where: 'http',
    names: `
      perl perl_modules perl_require perl_set
    `,
  },
  {
    module: 'ngx_http_proxy_module',
    where: 'http',
    names: `
      proxy_bind proxy_buffer_size proxy_buffering proxy_buffers proxy_busy_buffers_size proxy_cache
      proxy_cache_background_update@1.11.10 proxy_cache_bypass proxy_cache_convert_head@1.9.7
      proxy_cache_key proxy_cache_lock@1.1.12 proxy_cache_lock_age@1.7.8 proxy_cache_lock_timeout@1.1.12
      proxy_cache_max_range_offset@1.11.6 proxy_cache_methods proxy_cache_min_uses proxy_cache_path
      proxy_cache_revalidate@1.5.7 proxy_cache_use_stale proxy_cache_valid proxy_connect_timeout
      proxy_cookie_domain@1.1.15 proxy_cookie_flags@1.19.3 proxy_cookie_path@1.1.15
      proxy_force_ranges@1.7.7 proxy_headers_hash_bucket_size proxy_headers_hash_max_size
      proxy_hide_header proxy_http_version@1.1.4 proxy_ignore_client_abort proxy_ignore_headers
      proxy_intercept_errors proxy_limit_rate@1.7.7 proxy_max_temp_file_size proxy_method
      proxy_next_upstream proxy_next_upstream_timeout@1.7.5 proxy_next_upstream_tries@1.7.5 proxy_no_cache
      proxy_pass proxy_pass_header proxy_pass_request_body proxy_pass_request_headers
      proxy_pass_trailers@1.27.2 proxy_read_timeout proxy_redirect proxy_request_buffering@1.7.11
      proxy_send_lowat proxy_send_timeout proxy_set_body proxy_set_header proxy_socket_keepalive@1.15.6
      proxy_socket_rcvbuf@1.31.3 proxy_socket_sndbuf@1.31.3 proxy_ssl_certificate@1.7.8
      proxy_ssl_certificate_cache@1.27.4 proxy_ssl_certificate_key@1.7.8 proxy_ssl_ciphers@1.5.6
      proxy_ssl_conf_command@1.19.4 proxy_ssl_crl@1.7.0 proxy_ssl_name@1.7.0 proxy_ssl_password_file@1.7.8
      proxy_ssl_protocols@1.5.6 proxy_ssl_server_name@1.7.0 proxy_ssl_session_reuse
      proxy_ssl_trusted_certificate@1.7.0 proxy_ssl_verify@1.7.0 proxy_ssl_verify_depth@1.7.0 proxy_store
      proxy_store_access proxy_temp_file_write_size proxy_temp_path
    `,
  },
  {
    module: 'ngx_http_random_index_module',
    where: 'http',
    names: `
      random_index
    `,
  },
  {
    module: 'ngx_http_realip_module',
    where: 'http',
    names: `
      real_ip_header real_ip_recursive@1.2.2 set_real_ip_from
    `,
  },
  {
    module: 'ngx_http_referer_module',
    where: 'http',
    names: `
      referer_hash_bucket_size@1.0.5 referer_hash_max_size@1.0.5 valid_referers
    `,
  },
  {
    module: 'ngx_http_rewrite_module',
    where: 'http',
    names: `
      break if return rewrite rewrite_log set uninitialized_variable_warn
    `,
  },
  {
    module: 'ngx_http_scgi_module',
    where: 'http',
    names: `
      scgi_bind scgi_buffer_size scgi_buffering@1.0.9 scgi_buffers scgi_busy_buffers_size scgi_cache
      scgi_cache_background_update@1.11.10 scgi_cache_bypass scgi_cache_key scgi_cache_lock@1.1.12
      scgi_cache_lock_age@1.7.8 scgi_cache_lock_timeout@1.1.12 scgi_cache_max_range_offset@1.11.6
      scgi_cache_methods scgi_cache_min_uses scgi_cache_path scgi_cache_revalidate@1.5.7
      scgi_cache_use_stale scgi_cache_valid scgi_connect_timeout scgi_force_ranges@1.7.7 scgi_hide_header
      scgi_ignore_client_abort scgi_ignore_headers scgi_intercept_errors scgi_limit_rate@1.7.7
      scgi_max_temp_file_size scgi_next_upstream scgi_next_upstream_timeout@1.7.5
      scgi_next_upstream_tries@1.7.5 scgi_no_cache scgi_param scgi_pass scgi_pass_header
      scgi_pass_request_body scgi_pass_request_headers scgi_read_timeout scgi_request_buffering@1.7.11
      scgi_send_timeout scgi_socket_keepalive@1.15.6 scgi_socket_rcvbuf@1.31.3 scgi_socket_sndbuf@1.31.3
      scgi_store scgi_store_access scgi_temp_file_write_size scgi_temp_path
    `,
  },
  {
    module: 'ngx_http_secure_link_module',
    where: 'http',
    names: `
      secure_link secure_link_md5 secure_link_secret
    `,
  },
  {
    module: 'ngx_http_slice_filter_module',
    where: 'http',
    names: `
      slice@1.9.8
    `,
  },
  {
    module: 'ngx_http_spdy_module',
    where: 'http',
    names: `
      spdy_chunk_size@1.5.9!1.19.7 spdy_headers_comp@1.3.15!1.19.7 spdy_keepalive_timeout@1.3.15!1.19.7
      spdy_max_concurrent_streams@1.3.15!1.19.7 spdy_pool_size@1.3.15!1.19.7
      spdy_recv_buffer_size@1.3.15!1.19.7 spdy_recv_timeout@1.3.15!1.19.7
      spdy_streams_index_size@1.3.15!1.19.7
    `,
  },
  {
    module: 'ngx_http_split_clients_module',
    where: 'http',
    names: `
      split_clients
    `,
  },
  {
    module: 'ngx_http_ssi_filter_module',
    where: 'http',
    names: `
      ssi ssi_ignore_recycled_buffers ssi_last_modified@1.5.1 ssi_min_file_chunk ssi_silent_errors
      ssi_types ssi_value_length
    `,
  },
  {
    module: 'ngx_http_ssl_module',
    where: 'http',
    names: `
      ssl!1.25.1 ssl_buffer_size@1.5.9 ssl_certificate ssl_certificate_cache@1.27.4
      ssl_certificate_compression@1.29.1 ssl_certificate_key ssl_ciphers ssl_client_certificate
      ssl_conf_command@1.19.4 ssl_crl ssl_dhparam ssl_early_data@1.15.3 ssl_ecdh_curve@1.0.6
      ssl_ech_file@1.29.4 ssl_ocsp@1.19.0 ssl_ocsp_cache@1.19.0 ssl_ocsp_responder@1.19.0
      ssl_password_file@1.7.3 ssl_prefer_server_ciphers ssl_protocols ssl_reject_handshake@1.19.4
      ssl_session_cache ssl_session_ticket_key@1.5.7 ssl_session_tickets@1.5.9 ssl_session_timeout
      ssl_stapling@1.3.7 ssl_stapling_file@1.3.7 ssl_stapling_responder@1.3.7 ssl_stapling_verify@1.3.7
      ssl_trusted_certificate@1.3.7 ssl_verify_client ssl_verify_depth
    `,
  },
  {
    module: 'ngx_http_status_module',
    where: 'http',
    names: `
      status!1.1.8
    `,
  },
  {
    module: 'ngx_http_stub_status_module',
    where: 'http',
    names: `
      stub_status
    `,
  },
  {
    module: 'ngx_http_sub_filter_module',
    where: 'http',
    names: `
      sub_filter sub_filter_last_modified@1.5.1 sub_filter_once sub_filter_types
    `,
  },
  {
    module: 'ngx_http_try_files_module',
    where: 'http',
    names: `
      try_files@1.13.4
    `,
  },
  {
    module: 'ngx_http_tunnel_module',
    where: 'http',
    names: `
      tunnel_bind@1.31.0 tunnel_buffer_size@1.31.0 tunnel_connect_timeout@1.31.0
      tunnel_next_upstream@1.31.0 tunnel_next_upstream_timeout@1.31.0 tunnel_next_upstream_tries@1.31.0
      tunnel_pass@1.31.0 tunnel_read_timeout@1.31.0 tunnel_send_lowat@1.31.0 tunnel_send_timeout@1.31.0
      tunnel_socket_keepalive@1.31.0 tunnel_socket_rcvbuf@1.31.3 tunnel_socket_sndbuf@1.31.3
    `,
  },
  {
    module: 'ngx_http_upstream',
    where: 'http',
    names: `
      upstream
    `,
  },
  {
    module: 'ngx_http_upstream',
    where: 'upstream',
    names: `
      resolver@1.27.3 resolver_timeout@1.27.3 server
    `,
  },
  {
    module: 'ngx_http_upstream_hash_module',
    where: 'upstream',
    names: `
      hash@1.7.2
    `,
  },
  {
    module: 'ngx_http_upstream_ip_hash_module',
    where: 'upstream',
    names: `
      ip_hash
    `,
  },
  {
    module: 'ngx_http_upstream_keepalive_module',
    where: 'upstream',
    names: `
      keepalive@1.1.4 keepalive_requests@1.15.3 keepalive_time@1.19.10 keepalive_timeout@1.15.3
    `,
  },
  {
    module: 'ngx_http_upstream_least_conn_module',
    where: 'upstream',
    names: `
      least_conn@1.2.2
    `,
  },
  {
    module: 'ngx_http_upstream_least_time_module',
    where: 'upstream',
    names: `
      least_time@1.31.0
    `,
  },
  {
    module: 'ngx_http_upstream_random_module',
    where: 'upstream',
    names: `
      random@1.15.1
    `,
  },
  {
    module: 'ngx_http_upstream_sticky_module',
    where: 'upstream',
    names: `
      sticky@1.29.6
    `,
  },
  {
    module: 'ngx_http_upstream_zone_module',
    where: 'upstream',
    names: `
      zone@1.9.0
    `,
  },
  {
    module: 'ngx_http_userid_filter_module',
    where: 'http',
    names: `
      userid userid_domain userid_expires userid_flags@1.19.3 userid_mark userid_name userid_p3p
      userid_path userid_service
    `,
  },
  {
    module: 'ngx_http_uwsgi_module',
    where: 'http',
    names: `
      uwsgi_bind uwsgi_buffer_size uwsgi_buffering@1.0.9 uwsgi_buffers uwsgi_busy_buffers_size uwsgi_cache
      uwsgi_cache_background_update@1.11.10 uwsgi_cache_bypass uwsgi_cache_key uwsgi_cache_lock@1.1.12
      uwsgi_cache_lock_age@1.7.8 uwsgi_cache_lock_timeout@1.1.12 uwsgi_cache_max_range_offset@1.11.6
      uwsgi_cache_methods uwsgi_cache_min_uses uwsgi_cache_path uwsgi_cache_revalidate@1.5.7
      uwsgi_cache_use_stale uwsgi_cache_valid uwsgi_connect_timeout uwsgi_force_ranges@1.7.7
      uwsgi_hide_header uwsgi_ignore_client_abort uwsgi_ignore_headers uwsgi_intercept_errors
      uwsgi_limit_rate@1.7.7 uwsgi_max_temp_file_size uwsgi_modifier1 uwsgi_modifier2 uwsgi_next_upstream
      uwsgi_next_upstream_timeout@1.7.5 uwsgi_next_upstream_tries@1.7.5 uwsgi_no_cache uwsgi_param
      uwsgi_pass uwsgi_pass_header uwsgi_pass_request_body uwsgi_pass_request_headers uwsgi_read_timeout
      uwsgi_request_buffering@1.7.11 uwsgi_send_timeout uwsgi_socket_keepalive@1.15.6
      uwsgi_socket_rcvbuf@1.31.3 uwsgi_socket_sndbuf@1.31.3 uwsgi_ssl_certificate@1.7.8
      uwsgi_ssl_certificate_cache@1.27.4 uwsgi_ssl_certificate_key@1.7.8 uwsgi_ssl_ciphers@1.5.8
      uwsgi_ssl_conf_command@1.19.4 uwsgi_ssl_crl@1.7.0 uwsgi_ssl_name@1.7.0 uwsgi_ssl_password_file@1.7.8
      uwsgi_ssl_protocols@1.5.8 uwsgi_ssl_server_name@1.7.0 uwsgi_ssl_session_reuse@1.5.8
      uwsgi_ssl_trusted_certificate@1.7.0 uwsgi_ssl_verify@1.7.0 uwsgi_ssl_verify_depth@1.7.0 uwsgi_store
      uwsgi_store_access uwsgi_string uwsgi_temp_file_write_size uwsgi_temp_path
    `,
  },
  {
    module: 'ngx_http_v2_module',
    where: 'http',
    names: `
      http2@1.25.1 http2_body_preread_size@1.10.2 http2_chunk_size@1.9.5 http2_idle_timeout@1.9.5
      http2_max_concurrent_pushes@1.13.9 http2_max_concurrent_streams@1.9.5 http2_max_field_size@1.9.5
      http2_max_header_size@1.9.5 http2_max_requests@1.11.6 http2_pool_size@1.9.5 http2_push@1.13.9
      http2_push_preload@1.13.9 http2_recv_buffer_size@1.9.5 http2_recv_timeout@1.9.5
      http2_streams_index_size@1.9.5 spdy_chunk_size@1.9.5!1.19.7 spdy_headers_comp@1.9.5!1.19.7
      spdy_keepalive_timeout@1.9.5!1.19.7 spdy_max_concurrent_streams@1.9.5!1.19.7
      spdy_pool_size@1.9.5!1.19.7 spdy_recv_buffer_size@1.9.5!1.19.7 spdy_recv_timeout@1.9.5!1.19.7
      spdy_streams_index_size@1.9.5!1.19.7
    `,
  },
  {
    module: 'ngx_http_v3_module',
    where: 'http',
    names: `
      http3@1.25.0 http3_hq@1.25.0 http3_max_concurrent_streams@1.25.0 http3_stream_buffer_size@1.25.0
      quic_active_connection_id_limit@1.25.0 quic_gso@1.25.0 quic_host_key@1.25.0 quic_retry@1.25.0
    `,
  },
  {
    module: 'ngx_http_xslt_filter_module',
    where: 'http',
    names: `
      xml_entities xml_external_entities@1.31.3 xslt_last_modified@1.5.1 xslt_param@1.1.18
      xslt_string_param@1.1.18 xslt_stylesheet xslt_types
    `,
  },
];
