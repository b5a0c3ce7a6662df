/**
 * Other common third-party modules (most of them packaged by Debian as libnginx-mod-*). Names are
 * those of each module's `ngx_command_t` arrays, at the commit given per module; naxsi's come from
 * its naxsi.h defines (both the CamelCase and the nginx-style spelling).
 */
import type { KnownModule } from './types';

export const OTHER_THIRD_PARTY: readonly KnownModule[] = [
  // github.com/google/ngx_brotli at a71f9312c2de
  {
    module: 'ngx_brotli',
    where: 'http',
    addon: 'brotli',
    thirdParty: true,
    names: `
      brotli brotli_buffers brotli_comp_level brotli_min_length brotli_static brotli_types brotli_window
    `,
  },
  // github.com/vozlt/nginx-module-vts at affcaf8e69bd
  {
    module: 'ngx_http_vhost_traffic_status_module',
    where: 'http',
    addon: 'vts',
    thirdParty: true,
    names: `
      vhost_traffic_status vhost_traffic_status_average_method vhost_traffic_status_bypass_limit
      vhost_traffic_status_bypass_stats vhost_traffic_status_display vhost_traffic_status_display_format
      vhost_traffic_status_display_jsonp vhost_traffic_status_display_sum_key vhost_traffic_status_dump
      vhost_traffic_status_filter vhost_traffic_status_filter_by_host
      vhost_traffic_status_filter_by_set_key vhost_traffic_status_filter_check_duplicate
      vhost_traffic_status_filter_max_node vhost_traffic_status_histogram_buckets
      vhost_traffic_status_ignore_status vhost_traffic_status_limit
      vhost_traffic_status_limit_check_duplicate vhost_traffic_status_limit_traffic
      vhost_traffic_status_limit_traffic_by_set_key vhost_traffic_status_measure_status_codes
      vhost_traffic_status_set_by_filter vhost_traffic_status_stats_by_upstream vhost_traffic_status_zone
    `,
  },
  // github.com/vozlt/nginx-module-sts at 3c10d42f8c3f
  {
    module: 'ngx_http_stream_server_traffic_status_module',
    where: 'http',
    addon: 'sts',
    thirdParty: true,
    names: `
      stream_server_traffic_status stream_server_traffic_status_average_method
      stream_server_traffic_status_display stream_server_traffic_status_display_format
      stream_server_traffic_status_display_jsonp stream_server_traffic_status_zone
    `,
  },
  // github.com/vozlt/nginx-module-stream-sts at a60cd2fc2bdd
  {
    module: 'ngx_stream_server_traffic_status_module',
    where: 'stream',
    addon: 'stream-sts',
    thirdParty: true,
    names: `
      server_traffic_status server_traffic_status_average_method server_traffic_status_filter
      server_traffic_status_filter_by_set_key server_traffic_status_filter_check_duplicate
      server_traffic_status_histogram_buckets server_traffic_status_limit
      server_traffic_status_limit_check_duplicate server_traffic_status_limit_traffic
      server_traffic_status_limit_traffic_by_set_key server_traffic_status_zone
    `,
  },
  // github.com/leev/ngx_http_geoip2_module at 445df24ef378
  {
    module: 'ngx_http_geoip2_module',
    where: 'http',
    addon: 'geoip2',
    thirdParty: true,
    names: `
      geoip2 geoip2_proxy geoip2_proxy_recursive
    `,
  },
  // github.com/leev/ngx_http_geoip2_module at 445df24ef378
  {
    module: 'ngx_http_geoip2_module',
    where: 'stream',
    addon: 'geoip2',
    thirdParty: true,
    names: `
      geoip2
    `,
  },
  // github.com/fdintino/nginx-upload-module at 96e64603dc5a
  {
    module: 'ngx_http_upload_module',
    where: 'http',
    addon: 'upload',
    thirdParty: true,
    names: `
      upload_add_header upload_aggregate_form_field upload_buffer_size upload_cleanup
      upload_empty_fiels_names upload_limit_rate upload_max_file_size upload_max_output_body_len
      upload_max_part_header_len upload_merge_buffer_size upload_pass upload_pass_args
      upload_pass_form_field upload_range_header_buffer_size upload_resumable upload_set_form_field
      upload_state_store upload_store upload_store_access upload_tame_arrays
    `,
  },
  // github.com/masterzen/nginx-upload-progress-module at 463d60b5024d
  {
    module: 'ngx_http_uploadprogress_module',
    where: 'http',
    addon: 'upload-progress',
    thirdParty: true,
    names: `
      report_uploads track_uploads upload_progress upload_progress_content_type upload_progress_header
      upload_progress_java_output upload_progress_json_output upload_progress_jsonp_output
      upload_progress_jsonp_parameter upload_progress_template
    `,
  },
  // github.com/nginx-modules/ngx_cache_purge at 4e012c13c55e
  {
    module: 'ngx_http_cache_purge_module',
    where: 'http',
    addon: 'cache-purge',
    thirdParty: true,
    names: `
      cache_purge_background_queue cache_purge_batch_size cache_purge_legacy_status cache_purge_queue_size
      cache_purge_response_type cache_purge_throttle_ms cache_purge_vary_aware fastcgi_cache_purge
      proxy_cache_purge scgi_cache_purge uwsgi_cache_purge
    `,
  },
  // github.com/owasp-modsecurity/ModSecurity-nginx at 86b670914e71
  {
    module: 'ngx_http_modsecurity_module',
    where: 'http',
    addon: 'modsecurity',
    thirdParty: true,
    names: `
      modsecurity modsecurity_rules modsecurity_rules_file modsecurity_rules_remote
      modsecurity_transaction_id
    `,
  },
  // github.com/apache/incubator-pagespeed-ngx at 13bee9da7659
  {
    module: 'ngx_pagespeed',
    where: 'http',
    addon: 'pagespeed',
    thirdParty: true,
    names: `
      pagespeed
    `,
  },
  // github.com/phusion/passenger at 080171e6e254
  {
    module: 'ngx_http_passenger_module',
    where: 'http',
    addon: 'passenger',
    thirdParty: true,
    names: `
      passenger_abort_on_startup_error passenger_abort_websockets_on_process_shutdown
      passenger_admin_panel_auth_type passenger_admin_panel_password passenger_admin_panel_url
      passenger_admin_panel_username passenger_analytics_log_group passenger_analytics_log_user
      passenger_anonymous_telemetry_proxy passenger_app_env passenger_app_file_descriptor_ulimit
      passenger_app_group_name passenger_app_log_file passenger_app_rights passenger_app_root
      passenger_app_start_command passenger_app_type passenger_base_uri passenger_buffer_response
      passenger_buffer_size passenger_buffer_upload passenger_buffers passenger_busy_buffers_size
      passenger_concurrency_model passenger_core_file_descriptor_ulimit passenger_ctl
      passenger_custom_error_page passenger_data_buffer_dir passenger_debug_log_file passenger_debugger
      passenger_default_group passenger_default_user passenger_direct_instance_request_address
      passenger_disable_anonymous_telemetry passenger_disable_log_prefix
      passenger_disable_security_update_check passenger_document_root passenger_dump_config_manifest
      passenger_enabled passenger_env_var passenger_file_descriptor_log_file passenger_fly_with
      passenger_force_max_concurrent_requests_per_process passenger_friendly_error_pages passenger_group
      passenger_headers_hash_bucket_size passenger_headers_hash_max_size passenger_ignore_client_abort
      passenger_ignore_headers passenger_instance_registry_dir passenger_intercept_errors
      passenger_load_shell_envvars passenger_log_file passenger_log_level passenger_max_instances
      passenger_max_instances_per_app passenger_max_pool_size passenger_max_preloader_idle_time
      passenger_max_request_queue_size passenger_max_request_queue_time passenger_max_request_time
      passenger_max_requests passenger_memory_limit passenger_meteor_app_settings passenger_min_instances
      passenger_monitor_log_file passenger_nodejs passenger_pass_header passenger_pool_idle_time
      passenger_pre_start passenger_preload_bundler passenger_python passenger_read_timeout
      passenger_request_buffering passenger_request_queue_overflow_status_code
      passenger_resist_deployment_errors passenger_response_buffer_high_watermark passenger_restart_dir
      passenger_rolling_restarts passenger_root passenger_ruby passenger_security_update_check_proxy
      passenger_set_header passenger_show_version_in_header passenger_socket_backlog passenger_spawn_dir
      passenger_spawn_exception_status_code passenger_spawn_method passenger_start_timeout
      passenger_startup_file passenger_stat_throttle_rate passenger_sticky_sessions
      passenger_sticky_sessions_cookie_attributes passenger_sticky_sessions_cookie_name
      passenger_temp_path passenger_thread_count passenger_turbocaching passenger_use_global_queue
      passenger_user passenger_user_switching passenger_vary_turbocache_by_cookie rack_env
      rails_app_spawner_idle_time rails_env rails_framework_spawner_idle_time rails_spawn_method
      union_station_filter union_station_gateway_address union_station_gateway_cert
      union_station_gateway_port union_station_key union_station_proxy_address union_station_support
    `,
  },
  // github.com/slact/nchan at 9c6909d0a4c4
  {
    module: 'ngx_nchan_module',
    where: 'http',
    addon: 'nchan',
    thirdParty: true,
    names: `
      nchan_access_control_allow_credentials nchan_access_control_allow_origin nchan_authorize_request
      nchan_benchmark nchan_benchmark_channels nchan_benchmark_message_padding_bytes
      nchan_benchmark_messages_per_channel_per_minute nchan_benchmark_publisher_distribution
      nchan_benchmark_subscriber_distribution nchan_benchmark_subscribers_per_channel nchan_benchmark_time
      nchan_channel_event_string nchan_channel_events_channel_id nchan_channel_group
      nchan_channel_group_accounting nchan_channel_id nchan_channel_id_split_delimiter
      nchan_channel_timeout nchan_deflate_message_for_websocket nchan_eventsource_event
      nchan_eventsource_ping_comment nchan_eventsource_ping_data nchan_eventsource_ping_event
      nchan_eventsource_ping_interval nchan_group_location nchan_group_max_channels
      nchan_group_max_messages nchan_group_max_messages_disk nchan_group_max_messages_memory
      nchan_group_max_subscribers nchan_longpoll_multipart_response nchan_max_channel_id_length
      nchan_max_channel_subscribers nchan_max_reserved_memory nchan_message_buffer_length
      nchan_message_max_buffer_length nchan_message_temp_path nchan_message_timeout
      nchan_permessage_deflate_compression_level nchan_permessage_deflate_compression_memlevel
      nchan_permessage_deflate_compression_strategy nchan_permessage_deflate_compression_window
      nchan_pub_channel_id nchan_publisher nchan_publisher_channel_id nchan_publisher_location
      nchan_publisher_upstream_request nchan_pubsub nchan_pubsub_channel_id nchan_pubsub_location
      nchan_redis_accurate_subscriber_count nchan_redis_cluster_check_interval
      nchan_redis_cluster_check_interval_backoff nchan_redis_cluster_check_interval_jitter
      nchan_redis_cluster_check_interval_max nchan_redis_cluster_check_interval_min
      nchan_redis_cluster_connect_timeout nchan_redis_cluster_max_failing_time
      nchan_redis_cluster_recovery_delay nchan_redis_cluster_recovery_delay_backoff
      nchan_redis_cluster_recovery_delay_jitter nchan_redis_cluster_recovery_delay_max
      nchan_redis_cluster_recovery_delay_min nchan_redis_command_timeout nchan_redis_connect_timeout
      nchan_redis_discovered_ip_range_blacklist nchan_redis_fakesub_timer_interval
      nchan_redis_idle_channel_cache_timeout nchan_redis_idle_channel_keepalive_backoff
      nchan_redis_idle_channel_keepalive_jitter nchan_redis_idle_channel_keepalive_max
      nchan_redis_idle_channel_keepalive_min nchan_redis_idle_channel_keepalive_safety_margin
      nchan_redis_load_scripts_unconditionally nchan_redis_namespace nchan_redis_node_connect_timeout
      nchan_redis_nostore_fastpublish nchan_redis_optimize_target nchan_redis_pass
      nchan_redis_pass_inheritable nchan_redis_password nchan_redis_ping_interval
      nchan_redis_publish_msgpacked_max_size nchan_redis_reconnect_delay
      nchan_redis_reconnect_delay_backoff nchan_redis_reconnect_delay_jitter
      nchan_redis_reconnect_delay_max nchan_redis_reconnect_delay_min nchan_redis_retry_commands
      nchan_redis_retry_commands_max_wait nchan_redis_server nchan_redis_ssl nchan_redis_ssl_ciphers
      nchan_redis_ssl_client_certificate nchan_redis_ssl_client_certificate_key
      nchan_redis_ssl_server_name nchan_redis_ssl_trusted_certificate
      nchan_redis_ssl_trusted_certificate_path nchan_redis_ssl_verify_certificate nchan_redis_storage_mode
      nchan_redis_subscribe_weights nchan_redis_tls nchan_redis_tls_ciphers
      nchan_redis_tls_client_certificate nchan_redis_tls_server_name nchan_redis_tls_trusted_certificate
      nchan_redis_tls_trusted_certificate_path nchan_redis_tls_verify_certificate
      nchan_redis_upstream_stats nchan_redis_upstream_stats_disconnected_timeout
      nchan_redis_upstream_stats_enabled nchan_redis_url nchan_redis_username
      nchan_redis_wait_after_connecting nchan_shared_memory_size nchan_storage_engine nchan_store_messages
      nchan_stub_status nchan_sub_channel_id nchan_subscribe_existing_channels_only
      nchan_subscribe_request nchan_subscriber nchan_subscriber_channel_id
      nchan_subscriber_compound_etag_message_id nchan_subscriber_first_message
      nchan_subscriber_http_raw_stream_separator nchan_subscriber_info nchan_subscriber_info_string
      nchan_subscriber_last_message_id nchan_subscriber_location
      nchan_subscriber_message_id_custom_etag_header nchan_subscriber_timeout nchan_unsubscribe_request
      nchan_use_redis nchan_websocket_client_heartbeat nchan_websocket_ping_interval
      push_authorized_channels_only push_channel_group push_channel_timeout push_max_channel_id_length
      push_max_channel_subscribers push_max_message_buffer_length push_max_reserved_memory
      push_message_buffer_length push_message_timeout push_min_message_buffer_length push_publisher
      push_store_messages push_subscriber push_subscriber_concurrency push_subscriber_timeout
    `,
  },
  // github.com/arut/nginx-rtmp-module at 6c7719d0ba32
  {
    module: 'ngx_rtmp_module',
    where: 'http',
    addon: 'rtmp',
    thirdParty: true,
    names: `
      rtmp_control rtmp_stat rtmp_stat_stylesheet
    `,
  },
  // github.com/arut/nginx-rtmp-module at 6c7719d0ba32
  {
    module: 'ngx_rtmp_module',
    where: 'main',
    addon: 'rtmp',
    thirdParty: true,
    names: `
      rtmp rtmp_auto_push rtmp_auto_push_reconnect rtmp_socket_dir
    `,
  },
  // github.com/arut/nginx-rtmp-module at 6c7719d0ba32
  {
    module: 'ngx_rtmp_module',
    where: 'rtmp',
    addon: 'rtmp',
    thirdParty: true,
    names: `
      access_log ack_window allow application buffer buflen busy chunk_size dash dash_cleanup
      dash_fragment dash_nested dash_path dash_playlist_length deny drop_idle_publisher exec exec_block
      exec_kill_signal exec_options exec_play exec_play_done exec_publish exec_publish_done exec_pull
      exec_push exec_record_done exec_static hls hls_audio_buffer_size hls_base_url hls_cleanup
      hls_continuous hls_fragment hls_fragment_naming hls_fragment_naming_granularity hls_fragment_slicing
      hls_fragments_per_key hls_key_path hls_key_url hls_keys hls_max_audio_delay hls_max_fragment
      hls_muxdelay hls_nested hls_path hls_playlist_length hls_sync hls_type hls_variant idle_streams
      interleave listen live log_format max_connections max_message max_streams meta netcall_buffer
      netcall_timeout notify_method notify_relay_redirect notify_update_strict notify_update_timeout
      on_connect on_disconnect on_done on_play on_play_done on_publish on_publish_done on_record_done
      on_update out_cork out_queue ping ping_timeout play play_local_path play_restart play_temp_path
      play_time_fix publish_notify publish_time_fix pull pull_reconnect push push_reconnect record
      record_append record_interval record_lock record_max_frames record_max_size record_notify
      record_path record_suffix record_unique recorder relay_buffer respawn respawn_timeout server
      session_relay so_keepalive stream_buckets sync timeout wait_key wait_video
    `,
  },
  // github.com/Refinitiv/nginx-sticky-module-ng at 6fe17af5a07a
  {
    module: 'ngx_http_sticky_module',
    where: 'upstream',
    addon: 'sticky-ng',
    thirdParty: true,
    names: `
      sticky sticky_hide_cookie sticky_no_fallback
    `,
  },
  // github.com/yaoweibin/nginx_upstream_check_module at e538034b6ad7
  {
    module: 'ngx_http_upstream_check_module',
    where: 'http',
    addon: 'upstream-check',
    thirdParty: true,
    names: `
      check_shm_size check_status
    `,
  },
  // github.com/yaoweibin/nginx_upstream_check_module at e538034b6ad7
  {
    module: 'ngx_http_upstream_check_module',
    where: 'upstream',
    addon: 'upstream-check',
    thirdParty: true,
    names: `
      check check_fastcgi_param check_http_expect_alive check_http_send check_keepalive_requests
    `,
  },
  // github.com/aperezdc/ngx-fancyindex at 70311f239ec1
  {
    module: 'ngx_http_fancyindex_module',
    where: 'http',
    addon: 'fancyindex',
    thirdParty: true,
    names: `
      fancyindex fancyindex_case_sensitive fancyindex_css_href fancyindex_default_sort
      fancyindex_directories_first fancyindex_exact_size fancyindex_footer fancyindex_header
      fancyindex_hide_parent_dir fancyindex_hide_symlinks fancyindex_ignore fancyindex_localtime
      fancyindex_show_dotfiles fancyindex_show_path fancyindex_time_format
    `,
  },
  // github.com/yaoweibin/ngx_http_substitutions_filter_module at e12e965ac183
  {
    module: 'ngx_http_subs_filter_module',
    where: 'http',
    addon: 'subs-filter',
    thirdParty: true,
    names: `
      subs_buffers subs_filter subs_filter_bypass subs_filter_types subs_line_buffer_size
    `,
  },
  // github.com/arut/nginx-dav-ext-module at f5e30888a256
  {
    module: 'ngx_http_dav_ext_module',
    where: 'http',
    addon: 'dav-ext',
    thirdParty: true,
    names: `
      dav_ext_lock dav_ext_lock_zone dav_ext_methods
    `,
  },
  // github.com/sto/ngx_http_auth_pam_module at d9429ba93cdb
  {
    module: 'ngx_http_auth_pam_module',
    where: 'http',
    addon: 'auth-pam',
    thirdParty: true,
    names: `
      auth_pam auth_pam_service_name auth_pam_set_pam_env
    `,
  },
  // github.com/gnosek/nginx-upstream-fair at a18b4099fbd4
  {
    module: 'ngx_http_upstream_fair_module',
    where: 'upstream',
    addon: 'upstream-fair',
    thirdParty: true,
    names: `
      fair upstream_fair_shm_size
    `,
  },
  // github.com/nbs-system/naxsi at a59462b8c2ee (naxsi_src/naxsi.h)
  {
    module: 'ngx_http_naxsi_module',
    where: 'http',
    addon: 'naxsi',
    thirdParty: true,
    names: `
      BasicRule CheckRule DeniedUrl IgnoreCIDR IgnoreIP LearningMode LibInjectionSql LibInjectionXss
      MainRule NaxsiLogFile SecRulesDisabled SecRulesEnabled basic_rule check_rule denied_url
      ignore_cidr ignore_ip learning_mode libinjection_sql libinjection_xss main_rule naxsi_log
      rules_disabled rules_enabled
    `,
  },
];
