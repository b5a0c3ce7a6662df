/**
 * One entry per config language the end-to-end scenarios run on. Every scenario reads what it
 * types and looks for from here, so covering a new dialect is one entry: replace its `pending`
 * entry with a `DialectCase`.
 */

/** The tag the workspace marks as the last known stable revision. */
export const STABLE_TAG = 'lb-stable/2026-11-20T101500Z';

export interface DialectCase {
  readonly dialect: string;
  /** The file's path in the workspace; it must open in VS Code with lb-drift's language. */
  readonly file: string;
  /** The file at the stable tag: a pool of three equal members. */
  readonly stableText: string;
  /** The file committed after the tag: one member's weight raised so weight-skew fires. */
  readonly skewedText: string;
  readonly skew: {
    /** Text of the weight-skew message, e.g. the member's predicted share. */
    readonly message: string;
    /** The inline share hint after the skewed member. */
    readonly hint: RegExp;
    /** Text the member's hover explains the share with. */
    readonly hover: string;
  };
  /** Text on every member line of the skewed pool (and no other line): their share hints add up to 100%. */
  readonly poolMembers: RegExp;
  /** A member of the skewed pool with no finding of its own: its address token, and the share its hover gives. */
  readonly quietMember: { readonly token: RegExp; readonly share: string };
  /** A line only the stable text has: the left side of "Compare with Stable" shows it. */
  readonly stableLine: string;
  /** An edit of another member's weight, made by typing, that drift-share-shift reports. */
  readonly driftEdit: {
    /** Text on the line to edit (the member's address). */
    readonly onLine: string;
    /** How many characters before the end of the line the text goes. */
    readonly backFromEnd: number;
    readonly insert: string;
    /** Text of the drift message the edit causes. */
    readonly message: string;
  };
  /** A second file whose pool lists one backend twice: the traffic view groups its rows. */
  readonly duplicate: {
    readonly file: string;
    readonly text: string;
    /** The backend listed twice, and its combined share. */
    readonly member: string;
    readonly combined: string;
  };
  /**
   * A main config that includes a fragment: the fragment's pool drifts after the stable tag, and
   * the fragment has a typo'd pool name that only its configuration can judge. Absent for a
   * dialect without includes (HAProxy reads one file per -f).
   */
  readonly configuration?: {
    readonly main: string;
    readonly mainText: string;
    readonly fragment: string;
    readonly fragmentStable: string;
    readonly fragmentSkewed: string;
    /** The status item's and traffic view's drift count on the main config. */
    readonly drifts: string;
    /** Text of the error the typo gets in the fragment. */
    readonly typo: string;
    /** Text of the unused-pool finding the typo causes in the fragment (a whole-configuration rule). */
    readonly unused: string;
  };
  /**
   * A file VS Code opens as Properties (a `.conf`/`.cfg` outside the dialect's folders): lb-drift
   * switches it to its language by its content, and its weight-skew shows in Problems.
   */
  readonly sniffed: {
    readonly file: string;
    readonly text: string;
    /** The language's name in the status bar's language indicator. */
    readonly languageName: string;
    /** Text of its weight-skew message. */
    readonly message: string;
    /** The share hint of its skewed member. */
    readonly hint: RegExp;
  };
  /** The traffic webview's row for the skewed member, before and after `driftEdit` is typed again. */
  readonly traffic: {
    readonly member: string;
    readonly current: string;
    readonly stable: string;
    readonly afterDriftEdit: string;
  };
}

export interface PendingDialect {
  readonly dialect: string;
  /** Why the dialect is not tested yet; the test prints it when it skips. */
  readonly pending: string;
}

const NGINX_STABLE = `upstream app {
    server 127.0.0.1:8081;
    server 127.0.0.1:8082;
    server 127.0.0.1:8083;
}

server {
    listen 8080;
    location / {
        proxy_pass http://app;
    }
}
`;

const CDN_STABLE = `upstream images-cache {
    server 10.0.5.1:80;
    server 10.0.5.2:80;
}

server {
    listen 8090;
    location /img/ {
        proxy_pass http://images-cache;
    }
}
`;

const HAPROXY_DEFAULTS = `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
`;

const HAPROXY_STABLE = `${HAPROXY_DEFAULTS}
frontend www
    bind :8080
    default_backend app

backend app
    option redispatch
    server web1 127.0.0.1:8081 check
    server web2 127.0.0.1:8082 check
    server web3 127.0.0.1:8083 check
`;

export const DIALECTS: readonly (DialectCase | PendingDialect)[] = [
  {
    dialect: 'nginx',
    file: 'nginx/site.conf',
    stableText: NGINX_STABLE,
    skewedText: NGINX_STABLE.replace('server 127.0.0.1:8081;', 'server 127.0.0.1:8081 weight=5;'),
    // The hints of one pool add up to 100%: 71.4 + 14.3 + 14.3 (whole percents would read 71 + 14 + 14).
    skew: { message: '127.0.0.1:8081 gets 71%', hint: /^≈\s71\.4%$/, hover: 'smooth weighted round-robin' },
    poolMembers: /127\.0\.0\.1:808[123]/,
    quietMember: { token: /^127\.0\.0\.1:8083$/, share: 'Predicted share: 14.3% of requests' },
    stableLine: 'server 127.0.0.1:8081;',
    // Weights 5/2/1 move 127.0.0.1:8082 from 33% to 25%. (Weight 3 would leave it at 33%: no drift.)
    driftEdit: { onLine: '127.0.0.1:8082', backFromEnd: 1, insert: ' weight=2', message: 'weight 1 -> 2' },
    duplicate: {
      file: 'nginx/images.conf',
      text: 'upstream images {\n    server 127.0.0.1:9001;\n    server 127.0.0.1:9002;\n    server 127.0.0.1:9001;\n}\n\nserver {\n    listen 8081;\n    location / {\n        proxy_pass http://images;\n    }\n}\n',
      member: '127.0.0.1:9001',
      combined: '66.7%',
    },
    configuration: {
      main: 'nginx/edge/nginx.conf',
      mainText: 'events {}\n\nhttp {\n    include conf.d/*.conf;\n}\n',
      fragment: 'nginx/edge/conf.d/cdn.conf',
      fragmentStable: CDN_STABLE,
      // 10.0.5.1 goes from 50% to 67%; the typo'd image-cache names no pool of the configuration.
      fragmentSkewed: CDN_STABLE.replace('10.0.5.1:80;', '10.0.5.1:80 weight=2;').replace('proxy_pass http://images-cache;', 'proxy_pass http://image-cache;'),
      // drift-share-shift on 10.0.5.1 and drift-route-changed on the typo'd proxy_pass, both in the fragment.
      drifts: '2 drifts',
      typo: 'image-cache',
      unused: 'upstream images-cache',
    },
    // A conf.d fragment at the repository root: VS Code calls it Properties; its text is nginx.
    sniffed: {
      file: 'conf.d/cache.conf',
      text: 'upstream cache {\n    server 10.0.7.1:80 weight=3;\n    server 10.0.7.2:80;\n    server 10.0.7.3:80;\n}\n',
      languageName: 'nginx',
      message: '10.0.7.1:80 gets 60%',
      hint: /^≈\s60%$/,
    },
    // 5 of 7 requests now, 1 of 3 at stable; 5 of 8 once 127.0.0.1:8082 weighs 2.
    traffic: { member: '127.0.0.1:8081', current: '71.4%', stable: '33.3%', afterDriftEdit: '62.5%' },
  },
  {
    dialect: 'haproxy',
    file: 'haproxy/haproxy.cfg',
    stableText: HAPROXY_STABLE,
    skewedText: HAPROXY_STABLE.replace('server web1 127.0.0.1:8081 check', 'server web1 127.0.0.1:8081 check weight 5'),
    skew: { message: '127.0.0.1:8081 gets 71%', hint: /^≈\s71\.4%$/, hover: 'weighted round-robin' },
    poolMembers: /127\.0\.0\.1:808[123]/,
    quietMember: { token: /^127\.0\.0\.1:8083$/, share: 'Predicted share: 14.3% of requests' },
    stableLine: 'server web1 127.0.0.1:8081 check',
    driftEdit: { onLine: '127.0.0.1:8082', backFromEnd: 0, insert: ' weight 2', message: 'weight 1 -> 2' },
    duplicate: {
      file: 'haproxy/images.cfg',
      text: `${HAPROXY_DEFAULTS}\nfrontend images-in\n    bind :8081\n    default_backend images\n\nbackend images\n    option redispatch\n    server img1 127.0.0.1:9001 check\n    server img2 127.0.0.1:9002 check\n    server img3 127.0.0.1:9001 check\n`,
      member: '127.0.0.1:9001',
      combined: '66.7%',
    },
    // An lb.cfg at the repository root: VS Code calls it Properties; its sections and servers are HAProxy's.
    sniffed: {
      file: 'lb.cfg',
      text: `${HAPROXY_DEFAULTS}\nbackend cache\n    option redispatch\n    server c1 10.0.8.1:80 check weight 3\n    server c2 10.0.8.2:80 check\n    server c3 10.0.8.3:80 check\n`,
      languageName: 'HAProxy',
      message: '10.0.8.1:80 gets 60%',
      hint: /^≈\s60%$/,
    },
    traffic: { member: '127.0.0.1:8081', current: '71.4%', stable: '33.3%', afterDriftEdit: '62.5%' },
  },
];

/**
 * Kubernetes manifests share YAML with every other YAML file, so their scenarios differ from the
 * dialects' above: a deliberate split is no weight skew, and lb-drift must also leave an ordinary
 * YAML file alone. The file comment of vscode.test.ts lists what each scenario checks.
 */
export interface ManifestCase {
  readonly dialect: 'yaml';
  /** A manifest of the workspace, committed before the stable tag and unchanged since. */
  readonly file: string;
  readonly text: string;
  /** Its finding: the rule, and text of the message. */
  readonly finding: { readonly rule: string; readonly message: string };
  /** The share hints of its destinations, in order. */
  readonly hints: readonly RegExp[];
  /** A destination's row in the traffic view, and its share there. */
  readonly traffic: { readonly member: string; readonly share: string };
  /** A YAML file that is no balancer config: lb-drift shows nothing for it. */
  readonly quiet: { readonly file: string; readonly text: string };
}

export const MANIFEST: ManifestCase = {
  dialect: 'yaml',
  file: 'k8s/reviews-virtualservice.yaml',
  // Istio sends weight / sum: 70 and 20 of 90, and v3 (weight 0) nothing.
  text: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
          weight: 70
        - destination:
            host: reviews
            subset: v2
          weight: 20
`,
  finding: { rule: 'split-weights-sum', message: 'the weights sum to 90, not 100' },
  hints: [/^≈\s78%$/, /^≈\s22%$/],
  traffic: { member: 'v1', share: '77.8%' },
  quiet: {
    file: '.github/workflows/ci.yml',
    // A workflow with a matrix weight and hosts: nothing lb-drift reads.
    text: `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        weight: [70, 20]
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
`,
  },
};

export function isReady(entry: DialectCase | PendingDialect): entry is DialectCase {
  return !('pending' in entry);
}
