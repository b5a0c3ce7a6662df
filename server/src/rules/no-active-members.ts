import type { BuildRequirement, Member, Model } from '../core/model';
import { defineRule } from '../core/rule';
import { runtimeManaged } from '../core/runtime-managed';
import { checkNoActiveMembersHaproxy } from './haproxy/membership';

/** A member that takes traffic: up, with a weight above 0. */
const serving = (m: Member): boolean => m.state === 'up' && m.weight > 0;

const rule = defineRule({
  meta: {
    id: 'no-active-members',
    title: 'No primary member of the pool can take traffic',
    severity: 'error',
    dialects: ['nginx', 'haproxy'],
    // Run pool by pool: the HAProxy branch reads the backend alone; nginx's also reads the
    // configuration's Plus directives (for an empty upstream with a zone), which `modelInput` names.
    poolScopeIn: ['haproxy', 'nginx'],
    modelInput: (model) => (model.dialect === 'nginx' ? plusDirectivesNamed(model) : ''),
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports a pool of interchangeable members in which no primary member can serve: every one is `down`, drained or has weight 0, or the pool has only backup members, or none at all. It is an error when nothing at all can serve, and a warning when only the backups are left to serve.',
      whyItMatters:
        'With no primary member nginx sends every request to the backups, which are usually sized for a short outage, not for the full load. With no backup either, every request through the pool fails with 502 Bad Gateway. An upstream with no primary `server` line at all (only backups, or none) stops nginx from starting: `nginx -t` fails with "no servers are inside upstream", with or without a `zone`. An upstream with a `zone` and no `server` line is filled at run time through the NGINX Plus API when it also has a `state` file or the configuration uses Plus directives (`status_zone`, `health_check`, ...): that is reported as a hint, since its shares cannot be predicted and nothing needs doing. This usually happens when the last member is marked `down` during maintenance and the change ships.',
      example: 'upstream app {\n    server 10.0.0.1:8080 down;\n    server 10.0.0.2:8080 down;\n}',
      fix: 'Bring at least one primary member back (remove `down`, or add a server line), or route the traffic elsewhere before taking the last member out.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server',
        'https://nginx.org/en/docs/stream/ngx_stream_upstream_module.html#server',
      ],
    },
  },
  check(context) {
    if (context.model.dialect === 'haproxy') return checkNoActiveMembersHaproxy(context);
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members') continue;
      // Most pools have a serving primary: found without building the lists below.
      if (pool.members.some((m) => m.role === 'primary' && serving(m))) continue;
      const primaries = pool.members.filter((m) => m.role === 'primary');
      const backups = pool.members.filter((m) => m.role === 'backup');
      const where = `upstream ${pool.name}`;
      // An empty upstream with a zone and a state file is filled at run time (NGINX Plus API).
      const managed = pool.members.length === 0 ? runtimeManaged(pool, context.model) : undefined;
      if (managed) {
        // A hint, not a problem: nothing here asks the operator to act, but the editor still says
        // why the pool shows no shares.
        context.report({
          message: `${where} has no server line: its members are managed at run time (${managed}), so lb-drift cannot predict its shares. Open-source nginx refuses to start with it.`,
          loc: pool.nameLoc,
          severity: 'hint',
        });
        continue;
      }
      if (primaries.length === 0) {
        const what = backups.length === 0 ? 'no server at all' : `only backup servers (${backups.length})`;
        const plus = pool.facts.zone && backups.length === 0 ? ' If NGINX Plus fills it through its API, add a state file to say so.' : '';
        context.report({
          message: `${where} has ${what}; nginx refuses to start with "${backups.length === 0 ? 'no servers are inside upstream' : `no servers in upstream "${pool.name}"`}". Add a primary server line.${plus}`,
          loc: pool.nameLoc,
        });
        continue;
      }
      const related = primaries.map((m) => ({ loc: m.loc, message: `${m.address} is ${reason(m)}` }));
      const count =
        primaries.length === 1 ? 'Its only primary member is' : primaries.length === 2 ? 'Both primary members are' : `All ${primaries.length} primary members are`;
      const servingBackups = backups.filter(serving);
      if (servingBackups.length === 0) {
        context.report({
          message: `${count} out of service in ${where} and no backup can serve: every request through it fails with 502. Bring a member back.`,
          loc: pool.nameLoc,
          related,
        });
      } else {
        const names = servingBackups.map((m) => m.address).join(', ');
        context.report({
          message: `${count} out of service in ${where}: all of its traffic goes to the backup${servingBackups.length === 1 ? '' : 's'} ${names}. Bring a primary member back.`,
          loc: pool.nameLoc,
          related,
          severity: 'warning',
        });
      }
    }
  },
});

/**
 * The NGINX Plus directives an empty upstream's hint names (`runtimeManaged`): the first three
 * Plus-only directives of the configuration, found without building lists, as the engine asks on
 * every edit.
 */
function plusDirectivesNamed(model: Model): string {
  const names: string[] = [];
  const notes = model.directiveNotes ?? [];
  // An indexed loop: `for...of` makes an iterator result per note where this runs unoptimised.
  for (let i = 0; i < notes.length; i++) {
    const note = notes[i]!;
    if (note.builds.length === 0 || !note.builds.every(commercialOnly) || names.includes(note.name)) continue;
    if (names.push(note.name) === 3) break;
  }
  return names.join(', ');
}

const commercialOnly = (build: BuildRequirement): boolean => build.edition === 'commercial';

function reason(member: Member): string {
  if (member.state === 'down') return 'marked down';
  if (member.state === 'drained') return 'drained';
  return 'at weight 0';
}

export default rule;
