/**
 * Git never runs a program the repository chose (DESIGN invariant 10): every CLI command runs
 * against one repository per hostile setting (filters, textconv, external diff, hooks, fsmonitor,
 * pager, editor, askpass, ssh, gpg, aliases, a FIFO excludes file) and one with all of them, and
 * no hostile program may leave its marker. The language server's paths are in
 * test/lsp/hostile-git.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { HOSTILE_SETTINGS, hostileRepo, K8S_MAIN, STABLE_TAG, type HostileRepo } from '../../helpers/hostile-repos';

interface Command {
  readonly name: string;
  readonly run: (repo: HostileRepo) => { status: number | null; stdout: string; stderr: string };
  /** What the command must still get right in a hostile repository. */
  readonly check: (output: { status: number | null; stdout: string; stderr: string }) => void;
}

const COMMANDS: readonly Command[] = [
  {
    name: 'check',
    run: (r) => runCli(['check', r.file('lb'), '--format', 'json'], { cwd: r.dir }),
    check: (o) => expect(o.status).not.toBe(2),
  },
  {
    name: 'check --changed-since',
    run: (r) => runCli(['check', r.file('lb'), '--changed-since', STABLE_TAG, '--format', 'json', '--fail-on', 'error'], { cwd: r.dir }),
    check: (o) => {
      expect(o.stderr).toBe('');
      expect(o.status).toBe(0);
      // Changed, renamed, new and untracked files are checked; nothing else exists in lb/.
      for (const name of ['site.nginx', 'renamed.nginx', 'added.nginx', 'untracked.nginx']) expect(o.stdout).toContain(name);
    },
  },
  {
    name: 'diff',
    run: (r) => runCli(['diff', r.file('lb/site.nginx'), r.file('lb/renamed.nginx'), r.file('lb/added.nginx'), '--against', STABLE_TAG, '--format', 'json', '--fail-on', 'error'], { cwd: r.dir }),
    check: (o) => {
      expect(o.stderr).toBe('');
      expect(o.status).toBe(0);
      // The drifted file is compared with stable, and the renamed one with its old path, found
      // without git reading the working tree.
      expect(o.stdout).toContain('(weight 1 -> 5)');
      expect(o.stdout).toContain('(weight 1 -> 3)');
    },
  },
  {
    name: 'diff of a manifest whose canary is in another file',
    run: (r) => runCli(['diff', r.file(K8S_MAIN), '--against', STABLE_TAG], { cwd: r.dir }),
    check: (o) => {
      expect(o.stderr).toBe('');
      // The canary's stable weight is read from the revision (ls-tree and cat-file), not the working tree.
      expect(o.stdout).toContain(`share 10% -> 50% since ${STABLE_TAG}`);
    },
  },
  {
    name: 'shares',
    run: (r) => runCli(['shares', r.file('lb/site.nginx')], { cwd: r.dir }),
    check: (o) => expect(o.status).toBe(0),
  },
  {
    name: 'route',
    run: (r) => runCli(['route', r.file('lb/site.nginx'), '--pool', 'app'], { cwd: r.dir, input: '{"uri": "/a"}\n' }),
    check: (o) => expect(o.status).toBe(0),
  },
];

describe('the CLI in hostile repositories', () => {
  for (const setting of HOSTILE_SETTINGS) {
    describe(setting, () => {
      const repo = hostileRepo(setting);
      for (const command of COMMANDS) {
        it(`${command.name} runs no program the repository chose`, () => {
          repo.clearMarkers();
          const output = command.run(repo);
          expect(repo.markers()).toEqual([]);
          command.check(output);
        });
      }
    });
  }
});

export const CLI_COMMANDS = COMMANDS.length;
