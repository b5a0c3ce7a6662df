/**
 * V8 flags the CLI sets on itself at start, in its own process (no second Node process).
 *
 * Allocation-site pretenuring: when most objects made at one place in the code survived a young
 * collection, V8 makes that place allocate straight into the old generation from then on. The
 * analysis makes long-lived objects at places the output walk then uses for short-lived ones,
 * and those went to the old generation, which only a full collection empties: on the cold check
 * of the 10 MB bench haproxy.cfg, writing the report grew the old generation by about 25 MB of
 * garbage, and the process' peak RSS with it (297 -> 272 MB without pretenuring, CPU within
 * noise). The flag is read when V8 decides, so setting it at run time works (unlike the heap
 * sizes, which are fixed when the heap is made).
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];

export function tuneHeap(): void {
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}
