/**
 * The CLI's help text and its usage error, which always exits with code 2.
 */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export const HELP = `lb-drift: predict load-balancer traffic shares and catch risky balancing settings

Usage:
  lb-drift check [PATH...] [--format text|json|sarif|github] [--output FILE]
                 [--fail-on error|warning|info] [--max-warnings N] [--fix [--fix-outside]] [--no-inline-config]
                 [--changed-since REF] [--shard i/n] [--threads N] [--dialect nginx|haproxy] [--nginx-prefix DIR]
  lb-drift shares PATH... [--format text|json] [--dialect nginx|haproxy] [--nginx-prefix DIR]
  lb-drift route FILE --pool NAME [--dialect nginx|haproxy] [--nginx-prefix DIR]  < requests.jsonl
  lb-drift diff [PATH...] [--against REF] [--format text|json|sarif|github] [--output FILE]
                [--fail-on error|warning|info] [--tag-pattern 'lb-stable*'] [--dialect nginx|haproxy]
                [--nginx-prefix DIR]

Commands:
  check    Report findings for every balancer config under PATH (default: the current folder).
           --fix applies the safe fixes (never the unsafe ones) and reports what is left.
           A file it cannot rewrite without loss is left unchanged, said so, and exits 1;
           --fix-outside also fixes files outside PATH (absolute includes).
  shares   Print the predicted traffic share of every member of every pool.
  route    Read requests as JSON Lines on stdin ({"uri": "/a?b=1", "clientIp": "10.1.2.3",
           "headers": {"x-user": "42"}}) and print, one line per request, the address of the
           member the balancer picks (a fresh balancer, one worker, healthy members).
  diff     Report drift from the last known stable git revision: --against REF, or the newest
           lb-stable tag, else the branch's upstream, else HEAD. Prints the revision and commit it
           compared with, then, per pool, each member's stable share, current share and the
           change, then the drift findings (shares, members, methods, routes moved to other pools).

Exit codes: 0 clean, 1 findings at or above --fail-on (default warning), 2 usage error,
unreadable file, parse error, or paths that hold no balancer config.
`;
