/**
 * Imported first by the worker (before any schema is built): zod never tries `new Function`, so a
 * strict Content-Security-Policy (no 'unsafe-eval') reports no violation from the worker.
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
