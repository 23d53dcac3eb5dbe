// The test kit's own: tests under test/ keep importing it from here.
export { waitFor, type WaitForOptions } from '../../src/testing/wait-for.ts';
