/**
 * The hash-based nginx methods (ip_hash, hash, hash consistent, random) retry when they land on a
 * peer that cannot serve, and after 20 retries (21 attempts in all) hand the request to
 * round-robin. This is the one place that number lives.
 */
export const HASH_ATTEMPTS = 21;
