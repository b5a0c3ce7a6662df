/**
 * Public types of the traffic engine: the request the router replays and what it answers.
 */

/** One request as the CLI's `route` command reads it (one JSON object per line). */
export interface RouteRequest {
  /** The request target as sent on the request line: path plus optional `?query`. */
  readonly uri: string;
  /** The client address nginx sees (IPv4 dotted quad or IPv6). */
  readonly clientIp?: string;
  /** Request headers; names are matched case-insensitively. */
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteResult =
  | { readonly ok: true; /** Index into `pool.members`. */ readonly member: number }
  | { readonly ok: false; readonly reason: string };

/**
 * A fresh balancer with one worker, healthy members (except those the config marks down) and no
 * concurrency. `route` advances the balancer's state, so the order of calls matters.
 */
export interface Router {
  route(request: RouteRequest): RouteResult;
}

export type CreateRouterResult =
  | { readonly ok: true; readonly router: Router }
  | { readonly ok: false; readonly reason: string };
