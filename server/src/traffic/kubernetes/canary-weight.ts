/**
 * The ingress-nginx canary weight as balancer.lua applies it (kubernetes/ingress-nginx at
 * dbb11b92ddb77bee9c35e462479129354c84f939, rootfs/etc/nginx/lua/balancer.lua
 * route_to_alternative_balancer): `math.random(total) <= canary-weight`, where total is
 * `canary-weight-total` only when it is above 100, else 100. So the canary takes
 * min(weight, total) of every total requests that no header or cookie decided, and the main
 * Ingress the rest; a weight that is not a whole number counts as 0, as the annotation parser
 * leaves it.
 */
export const DEFAULT_WEIGHT_TOTAL = 100;

export interface CanaryWeights {
  /** The canary-weight as written (0 when absent or not a whole number). */
  readonly written: number;
  /** The total balancer.lua draws from. */
  readonly total: number;
  /** The canary's and the main Ingress's parts of that total. */
  readonly canary: number;
  readonly main: number;
}

export function canaryWeights(weight: string | undefined, total: string | undefined): CanaryWeights {
  const written = wholeNumber(weight) ?? 0;
  const writtenTotal = wholeNumber(total);
  const drawn = writtenTotal !== undefined && writtenTotal > DEFAULT_WEIGHT_TOTAL ? writtenTotal : DEFAULT_WEIGHT_TOTAL;
  const canary = Math.min(Math.max(written, 0), drawn);
  return { written, total: drawn, canary, main: drawn - canary };
}

function wholeNumber(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*-?\d+\s*$/.test(value) ? Number(value) : undefined;
}
