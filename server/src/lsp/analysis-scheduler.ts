/**
 * Runs the analysis of a document at most once per version, latest version wins: a change that
 * arrives while an analysis is waiting replaces it, so stale work never queues up behind typing.
 */
export class AnalysisScheduler {
  private readonly pending = new Map<string, NodeJS.Immediate>();

  constructor(private readonly run: (uri: string) => Promise<void>) {}

  schedule(uri: string): void {
    const queued = this.pending.get(uri);
    if (queued) clearImmediate(queued);
    this.pending.set(
      uri,
      setImmediate(() => {
        this.pending.delete(uri);
        void this.run(uri);
      }),
    );
  }

  cancel(uri: string): void {
    const queued = this.pending.get(uri);
    if (queued) clearImmediate(queued);
    this.pending.delete(uri);
  }
}
