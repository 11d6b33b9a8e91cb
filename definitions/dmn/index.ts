export { compileDmn } from './compile.js';
export { readTestCases, TEST_CASE_NAMESPACE } from './test-cases.js';
