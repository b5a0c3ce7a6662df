/**
 * HAProxy's `roundrobin` (lb_fwrr.c, "fast weighted round-robin"), replayed step by step at low
 * load: servers wait in an "init" tree ordered by weight (heaviest first), are scheduled into
 * the "current" tree at positions spaced by total weight / own weight, and move to the "next"
 * tree when their position falls past the window; when the current tree runs dry, the trees
 * switch. Effective weights are the configured weights times 16. Equal keys come out in the
 * order they went in, as in HAProxy's elastic binary trees.
 */
import type { HaServer, ServingGroup } from './servers';

const WEIGHT_SCALE = 16;
const EWEIGHT_MAX = 256 * WEIGHT_SCALE;
const UWEIGHT_RANGE = 256;

interface FwrrServer {
  readonly server: HaServer;
  readonly eweight: number;
  npos: number;
  lpos: number;
  rweight: number;
  key: number;
  tree: Tree | undefined;
}

/** An ordered multiset: ascending keys, equal keys in insertion order. */
class Tree {
  readonly items: FwrrServer[] = [];

  insert(s: FwrrServer, key: number): void {
    s.key = key;
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.items[mid]!.key <= key) low = mid + 1;
      else high = mid;
    }
    this.items.splice(low, 0, s);
    s.tree = this;
  }

  remove(s: FwrrServer): void {
    const index = this.items.indexOf(s);
    if (index >= 0) this.items.splice(index, 1);
    s.tree = undefined;
  }

  first(): FwrrServer | undefined {
    return this.items[0];
  }
}

export class FwrrPicker {
  private readonly servers: FwrrServer[];
  private curr = new Tree();
  private init = new Tree();
  private next = new Tree();
  private currPos: number;
  private currWeight: number;
  private readonly nextWeight: number;

  constructor(private readonly group: ServingGroup) {
    this.servers = group.servers.map((server) => ({ server, eweight: server.weight * WEIGHT_SCALE, npos: 0, lpos: 0, rweight: 0, key: 0, tree: undefined }));
    const total = this.servers.reduce((sum, s) => sum + s.eweight, 0);
    this.currPos = this.currWeight = this.nextWeight = total;
    for (const s of this.servers) this.init.insert(s, EWEIGHT_MAX - s.eweight);
  }

  pick(): HaServer | undefined {
    if (this.group.only) return this.group.only;
    if (this.servers.length === 0) return undefined;
    if (!this.currWeight) this.currPos = this.currWeight = this.nextWeight;
    let switched = false;
    let s: FwrrServer | undefined;
    for (;;) {
      s = this.fromGroup();
      if (s) break;
      if (switched) return undefined;
      switched = true;
      this.switchTrees();
    }
    this.updatePosition(s);
    s.tree?.remove(s);
    this.currPos++;
    this.queue(s);
    return s.server;
  }

  private fromGroup(): FwrrServer | undefined {
    const s1 = this.curr.first();
    if (s1 && s1.eweight && s1.npos <= this.currPos) return s1;
    const s2 = this.init.first();
    if (s2 && s2.eweight) {
      s2.npos = s2.rweight = 0;
      return s2;
    }
    return s1;
  }

  private switchTrees(): void {
    const swap = this.init;
    this.init = this.next;
    this.next = swap;
    this.currWeight = this.nextWeight;
    this.currPos = this.currWeight;
  }

  private updatePosition(s: FwrrServer): void {
    if (!s.eweight) return;
    if (!s.npos) s.npos = this.currPos;
    s.lpos = s.npos;
    s.npos += Math.floor(this.nextWeight / s.eweight);
    s.rweight += this.nextWeight % s.eweight;
    if (s.rweight >= s.eweight) {
      s.rweight -= s.eweight;
      s.npos++;
    }
  }

  private queue(s: FwrrServer): void {
    if (s.eweight <= 0 || s.npos >= 2 * this.currWeight || s.npos >= this.currWeight + this.nextWeight) {
      s.npos -= this.currWeight;
      this.next.insert(s, EWEIGHT_MAX - s.eweight);
    } else {
      this.curr.insert(s, UWEIGHT_RANGE * s.npos + Math.floor((EWEIGHT_MAX + s.rweight - s.eweight) / WEIGHT_SCALE));
    }
  }
}
