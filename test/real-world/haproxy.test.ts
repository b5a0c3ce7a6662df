/**
 * The real-world HAProxy set (test/real-world/haproxy): the CLI's default findings on the committed
 * files are exactly the rows of JUDGEMENT.md, so the judgement table cannot drift from what the tool
 * says, and the precision of the default rule set on it is printed (at least 80% actionable, none wrong).
 */
import { join } from 'node:path';
import { describeJudgedSet } from './judged-set';

describeJudgedSet({ label: 'HAProxy', dir: join(__dirname, 'haproxy'), extension: '.cfg', minFiles: 25 });
