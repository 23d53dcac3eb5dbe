// The test kit's own: tests under test/ keep importing it from here.
export { deferred, type Deferred } from '../../src/testing/deferred.ts';
