import { faultSuite } from './testing/fault-suite.js';
import { testDatabase } from './testing/databases.js';

faultSuite(testDatabase('pglite')!);
