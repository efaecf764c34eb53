/** Drafts of the committed provider specs, part 2 of 2 (test/draft/draft-suites.ts shares them out). */

import { describeDrafts } from './draft-suites.js';

await describeDrafts(1, 2);
