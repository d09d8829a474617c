// Part 2 of 4 of the engine-vs-oracle comparison (4 × 5 × 5,000 = 100,000 deadlines in all); see test/support/oracle-suite.ts.
import { describeOracleSuite } from '../support/oracle-suite.js';

describeOracleSuite(2, 5, 5_000, 500);
