/**
 * The real-world nginx set (test/real-world/nginx): the CLI's default findings on the committed files
 * are exactly the rows of JUDGEMENT.md, so the judgement table cannot drift from what the tool says,
 * and the precision of the default rule set on it is printed.
 */
import { join } from 'node:path';
import { describeJudgedSet } from './judged-set';

describeJudgedSet({ label: 'nginx', dir: join(__dirname, 'nginx'), extension: '.conf', minFiles: 50 });
