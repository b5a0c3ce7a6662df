/**
 * Entry point of the ring helper's own bundle (server/out/ring-helper.js), which the CLI starts as
 * a worker thread for a large nginx file (ring-helper.ts). It holds only the ring code and the
 * reading of consistent-hash upstreams, so the thread starts without compiling and initialising
 * the whole CLI.
 */
import { runAsRingHelper } from './ring-helper-thread';

runAsRingHelper();
