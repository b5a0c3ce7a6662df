/**
 * Inlay hints: `≈ 71.4%` after each member (the shares of a pool add up to 100%, see
 * share-labels.ts), and `round-robin · 3 members` after each pool name, each switchable in settings.
 */
import { InlayHintKind, MarkupKind, type InlayHint, type Range } from 'vscode-languageserver/node';
import type { Member } from '../../core/model';
import type { DocumentAnalysis } from '../document-analysis';
import { poolPercents } from './share-labels';
import { kubernetesPoolHint, memberHintLabel } from './kubernetes-hover';

export function inlayHints(analysis: DocumentAnalysis, range: Range): InlayHint[] {
  const { report, path, document, settings } = analysis;
  if (!report.model || (!settings.inlayHints.shares && !settings.inlayHints.pools)) return [];
  const from = document.offsetAt(range.start);
  const to = document.offsetAt(range.end);
  const hints: InlayHint[] = [];
  const text = document.getText();
  for (const pool of report.model.pools) {
    const inView = (start: number, end: number) => end >= from && start <= to;
    const kubernetes = settings.inlayHints.pools && pool.nameLoc.file === path ? kubernetesPoolHint(pool, text) : undefined;
    // A route's label stands on the route's first line, which may be in view without the name.
    const labelAt = kubernetes ? { start: kubernetes.offset, end: kubernetes.offset } : pool.nameLoc;
    if (settings.inlayHints.pools && pool.nameLoc.file === path && inView(labelAt.start, labelAt.end)) {
      const count = pool.members.length;
      hints.push({
        position: document.positionAt(kubernetes?.offset ?? pool.nameLoc.end),
        // Short, so it fits beside the name when the traffic view shares the width; the hover says more.
        label: kubernetes?.label ?? `${pool.algorithm} · ${count} ${count === 1 ? 'member' : 'members'}`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
      });
    }
    if (!settings.inlayHints.shares) continue;
    const mine = pool.members.some((m) => m.loc.file === path && inView(m.loc.start, m.loc.end));
    if (!mine) continue;
    const shares = report.shares(pool);
    const labels = poolPercents(shares.members.map((m) => m.share));
    pool.members.forEach((member, i) => {
      if (member.loc.file !== path || !inView(member.loc.start, member.loc.end)) return;
      // The servers one HAProxy server-template line makes share that line: one hint counts them.
      const byLine = pool.dialect === 'haproxy';
      if (byLine && sameLine(pool.members[i - 1], member)) return;
      let count = 1;
      while (byLine && sameLine(member, pool.members[i + count])) count++;
      const share = shares.members[i];
      hints.push({
        position: document.positionAt(endOfText(text, member.loc.start, member.loc.end)),
        label: count === 1 ? memberHintLabel(pool, i, labels[i] ?? '0%') : templateLabel(labels.slice(i, i + count), shares.members.slice(i, i + count)),
        kind: InlayHintKind.Parameter,
        paddingLeft: true,
        ...(share?.why ? { tooltip: { kind: MarkupKind.Markdown, value: share.why } } : {}),
      });
    });
  }
  return hints;
}

/** `3 × ≈ 25%` when the servers of one line get equal shares (round-robin), else their sum: a hashing tree gives each its own. */
function templateLabel(labels: readonly (string | undefined)[], shares: readonly { share: number }[]): string {
  if (labels.every((l) => l === labels[0])) return `${labels.length} × ≈ ${labels[0] ?? '0%'}`;
  const total = shares.reduce((sum, m) => sum + m.share, 0);
  return `${labels.length} servers ≈ ${Math.round(total * 1000) / 10}%`;
}

const sameLine = (a: Member | undefined, b: Member | undefined): boolean => !!a && !!b && a.loc.file === b.loc.file && a.loc.start === b.loc.start;

/** The end of a span without its trailing blanks and line breaks (a YAML block ends on the next line). */
function endOfText(text: string, start: number, end: number): number {
  let last = end;
  while (last > start && /\s/.test(text[last - 1]!)) last--;
  return last;
}
