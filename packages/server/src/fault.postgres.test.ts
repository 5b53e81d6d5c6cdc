import { test } from 'node:test';
import { faultSuite } from './testing/fault-suite.js';
import { testDatabase } from './testing/databases.js';

const database = testDatabase('postgres');
if (database) faultSuite(database);
else test('fault suite on PostgreSQL', { skip: 'C2M_TEST_DATABASE_URL is not set' }, () => {});
