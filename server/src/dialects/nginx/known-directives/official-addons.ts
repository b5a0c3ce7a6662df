/**
 * Open-source modules by the nginx project that ship apart from nginx, as dynamic modules to load.
 *
 * Source: github.com/nginx/nginx-directive-reference at 6b459c9390d0 (reference-lib/src/reference.json):
 * the directives of ngx_otel_module and ngx_http_acme_module that stand in standard contexts.
 */
import type { KnownModule } from './types';

export const OFFICIAL_ADDONS: readonly KnownModule[] = [
  {
    module: 'ngx_otel_module',
    where: 'http',
    addon: 'otel',
    names: 'otel_exporter otel_resource_attr otel_service_name otel_span_attr otel_span_name otel_trace otel_trace_context',
  },
  { module: 'ngx_http_acme_module', where: 'http', addon: 'acme', names: 'acme_certificate acme_issuer acme_shared_zone' },
];
