/**
 * The vocabulary of the known-directive lists: which module brings a set of names, where nginx
 * accepts them, and which build of nginx has them. The lists say only that a name exists; the
 * directive table (`../directives.ts`) says how a name is used, for the names it checks.
 */
import type { BuildRequirement } from '../../../core/model';

/**
 * Where a module's directives stand. `upstream` and `stream-upstream` are kept apart from `http`
 * and `stream` because some names mean different things there (`resolver` in an upstream block
 * came in 1.27.3, long after `resolver` in http). `any` is nginx's NGX_ANY_CONF (`include`);
 * `rtmp` is the rtmp module's own tree, which lb-drift does not check.
 */
export type KnownWhere = 'main' | 'events' | 'http' | 'upstream' | 'stream' | 'stream-upstream' | 'mail' | 'rtmp' | 'any';

export interface KnownModule {
  /** The module's name as its source spells it (`ngx_http_proxy_module`). */
  readonly module: string;
  readonly where: KnownWhere;
  /**
   * The directive names, separated by white space. `name@1.25.1`: open source since 1.25.1;
   * `name!1.25.1`: removed in 1.25.1. A name without `@` was in nginx 1.0.0 already.
   */
  readonly names: string;
  /** Only in the commercial NGINX Plus (unless an open-source list also has the name). */
  readonly plus?: true;
  /**
   * The short name of a module that must be built in or loaded (`lua`, `njs`), as written in the
   * project config's `nginx.modules` list.
   */
  readonly addon?: string;
  readonly thirdParty?: true;
}

/** One build of nginx that accepts a directive (`commercial` is NGINX Plus). */
export type DirectiveBuild = BuildRequirement;
