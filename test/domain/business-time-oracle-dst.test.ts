// The engine-vs-oracle comparison concentrated on DST switches (New York, Paris); see test/support/oracle-suite.ts.
import { describeDstOracleSuite } from '../support/oracle-suite.js';

describeDstOracleSuite();
